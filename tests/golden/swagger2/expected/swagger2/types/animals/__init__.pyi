"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .animal import Animal as Animal
from .animal import AnimalParam as AnimalParam
from .animal_photo import AnimalPhotoParams as AnimalPhotoParams
from .animal_photo import AnimalPhotoParamsParam as AnimalPhotoParamsParam
from .animal_photo import AnimalPhotoResponse as AnimalPhotoResponse
from .bird import Bird as Bird
from .bird import BirdParam as BirdParam
from .fish import Fish as Fish
from .fish import FishParam as FishParam
