"""The content stage: a brochure folder's YAML read once, validated and translated."""
