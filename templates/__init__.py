"""tlgen's templates, installed as the subpackage `templates` of tlgen (pyproject.toml) and read
as package resources (generator/resources.py): module and package templates (*.j2), runtime/
(modules copied into every generated package) and docs/ (the HTML reference)."""
