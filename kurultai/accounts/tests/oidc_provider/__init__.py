"""A small OpenID Connect provider (django-oauth-toolkit) that the identity tests start as a real
process: it stands in for the national identity provider (docs/identity.md)."""
