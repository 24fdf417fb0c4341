"""Settings of tinyapp, edited by hand."""

DEBUG = False
TRACE = False
DATA_DIR = "/opt/app/data"
DB_HOST = "db1.example.com"
DB_PORT = 5432
