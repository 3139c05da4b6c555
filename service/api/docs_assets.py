"""Swagger UI's own files, served from the swagger-ui-bundle package: the API docs page works offline (no
CDN), like the rest of the app."""

from flask import Blueprint, send_from_directory
from swagger_ui_bundle import swagger_ui_path

blp = Blueprint("docs_assets", __name__)
URL = "/api/v1/docs/assets/"


@blp.route(URL + "<path:filename>")
def asset(filename: str):
    return send_from_directory(swagger_ui_path, filename, max_age=86400)
