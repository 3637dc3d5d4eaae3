"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .template_create import TemplateCreateParams as TemplateCreateParams
from .template_create import TemplateCreateParams2 as TemplateCreateParams2
from .template_create import TemplateCreateParams2Param as TemplateCreateParams2Param
from .template_create import TemplateCreateParamsParam as TemplateCreateParamsParam
