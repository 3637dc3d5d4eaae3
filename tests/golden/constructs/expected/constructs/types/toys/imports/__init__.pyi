"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .tagged_animal import TaggedAnimal as TaggedAnimal
from .tagged_animal import TaggedAnimalCat as TaggedAnimalCat
from .tagged_animal import TaggedAnimalDog as TaggedAnimalDog
from .toy_import import ToyImport as ToyImport
from .toy_import import ToyImportParam as ToyImportParam
from .toy_import import ToyImportVariant1 as ToyImportVariant1
from .toy_import import ToyImportVariant1Param as ToyImportVariant1Param
from .toy_import import ToyImportVariant2 as ToyImportVariant2
from .toy_import import ToyImportVariant2Param as ToyImportVariant2Param
