import os

PACKAGE_PATH = os.path.dirname(__file__)
PROJECT_NAME = "dbt_session"
