from django.urls import path  # noqa: F401 - the module's API is added here

urlpatterns: list = []
