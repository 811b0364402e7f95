from __future__ import annotations

from rest_framework import serializers

from .models import District, Municipality, Organisation, Region, Team, TeamPostcode


class RegionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "description", "synthetic", "source"]


class DistrictSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = District
        fields = ["id", "code", "name", "inhabitants", "synthetic"]


class MunicipalitySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    districts = DistrictSerializer(many=True, read_only=True)

    class Meta:
        model = Municipality
        fields = ["id", "code", "name", "synthetic", "source", "districts"]


class TeamSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    municipality: serializers.SlugRelatedField[Municipality] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    organisation: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    districts: serializers.SlugRelatedField[District] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    postcodes: serializers.SlugRelatedField[TeamPostcode] = serializers.SlugRelatedField(
        slug_field="pc4", many=True, read_only=True
    )

    class Meta:
        model = Team
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "municipality",
            "organisation",
            "covers_whole_region",
            "districts",
            "postcodes",
            "callback_working_days",
            "synthetic",
        ]
