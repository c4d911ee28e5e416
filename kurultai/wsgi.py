import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurultai.settings")
site = get_wsgi_application()

from kurultai.common.hotpath import HotPathApplication  # noqa: E402 - needs the settings configured above
from kurultai.plenary.fastlane import BallotFastLane  # noqa: E402

# Ballots take the fast lane, then a shorter middleware chain (plenary/fastlane.py,
# common/hotpath.py); everything else the site's.
application = HotPathApplication(site, fast=BallotFastLane)
