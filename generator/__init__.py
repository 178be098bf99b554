"""tlgen: Telegram's TL (Type Language) -> a typed, vendorable Python package, and schema tools.

The pipeline (docs/ARCHITECTURE.md §1), one subpackage per subsystem:

    schema/       TL files --Lark--> model (frozen, positioned) --validate--> checked Schema
    errortables/  doc pages, CSVs --Lark--> rows --merge--> ErrorCatalog (+ conflicts);
                  `//@` comments and doc pages --merge--> DescriptionCatalog (+ conflicts)
    codegen/      Schema + ErrorCatalog --plan--> view models --Jinja2--> text --black-->
                  atomic write of generated/<package>/
    review/       two Schemas --diff--> findings --> text / markdown / json / github
    docs/         Schema + ErrorCatalog + descriptions --> view model --Jinja2--> HTML reference
    inputs.py     schema files + error tables --> the checked inputs every command reads
    cli/          the `tlgen` command line, one module per subcommand (docs/ARCHITECTURE.md §5)

Beside them: resources.py (grammars and templates read as package resources), templating.py
(the one Jinja2 environment builder), ci_output.py (stdout/stderr no CI reads as commands).
"""
