from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "gonghui.api"
    verbose_name = "API"
