"""Functional-management screens for the region (read-mostly: the region file is the
source; changes made here are overwritten by the next region_load)."""

from django.contrib import admin

from .models import (
    District,
    HelpForm,
    Municipality,
    Organisation,
    OutsideRegionArea,
    PostcodeArea,
    Region,
    Team,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ["code", "name", "synthetic"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin[Municipality]):
    list_display = ["code", "name", "region", "synthetic"]
    search_fields = ["code", "name"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin[District]):
    list_display = ["code", "name", "municipality", "inhabitants", "synthetic"]
    list_filter = ["municipality"]
    search_fields = ["code", "name"]


@admin.register(PostcodeArea)
class PostcodeAreaAdmin(admin.ModelAdmin[PostcodeArea]):
    list_display = ["pc4", "municipality", "district", "valid_from", "valid_to", "synthetic"]
    list_filter = ["municipality"]
    search_fields = ["pc4"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["code", "name", "kind", "agb_code", "brin_code", "synthetic"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "agb_code", "brin_code"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ["code", "name", "kind", "municipality", "covers_whole_region", "synthetic"]
    list_filter = ["kind", "municipality"]
    search_fields = ["code", "name"]


@admin.register(OutsideRegionArea)
class OutsideRegionAreaAdmin(admin.ModelAdmin[OutsideRegionArea]):
    list_display = ["pc4", "municipality_name", "forward", "forward_to"]
    list_filter = ["region", "forward"]
    search_fields = ["pc4", "municipality_code", "municipality_name"]


@admin.register(HelpForm)
class HelpFormAdmin(admin.ModelAdmin[HelpForm]):
    list_display = ["code", "name", "level", "with_stay", "region", "active"]
    list_filter = ["level", "with_stay", "active", "region"]
    search_fields = ["code", "name"]
