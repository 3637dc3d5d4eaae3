"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .node_1 import Node1 as Node1
from .node_2 import Node2 as Node2
from .node_3 import Node3 as Node3
from .node_4 import Node4 as Node4
from .node_5 import Node5 as Node5
from .node_6 import Node6 as Node6
from .node_7 import Node7 as Node7
