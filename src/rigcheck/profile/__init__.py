"""Employer spec profiles: format v1 (TOML), validation with line numbers, loading by id/path/URL."""

from rigcheck.profile.fields import REQUIREMENT_FIELDS, RequirementField, field_for, profile_json_schema
from rigcheck.profile.loader import DEFAULT_PROFILE_ID, bundled_profile_ids, bundled_profiles, load_profile
from rigcheck.profile.validate import Problem, ProfileError, parse_profile_text

__all__ = [
    "DEFAULT_PROFILE_ID",
    "REQUIREMENT_FIELDS",
    "Problem",
    "ProfileError",
    "RequirementField",
    "bundled_profile_ids",
    "bundled_profiles",
    "field_for",
    "load_profile",
    "parse_profile_text",
    "profile_json_schema",
]
