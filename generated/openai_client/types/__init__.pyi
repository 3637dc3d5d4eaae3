"""The names `__init__.py` beside this file imports when first used, for type checkers."""

from .array_of_content_part import ArrayOfContentPart as ArrayOfContentPart
from .array_of_content_part import ArrayOfContentPartParam as ArrayOfContentPartParam
from .assistant_tools_code import AssistantToolsCode as AssistantToolsCode
from .assistant_tools_code import AssistantToolsCodeParam as AssistantToolsCodeParam
from .assistant_tools_file_search_type_only import (
    AssistantToolsFileSearchTypeOnly as AssistantToolsFileSearchTypeOnly,
)
from .assistant_tools_file_search_type_only import (
    AssistantToolsFileSearchTypeOnlyParam as AssistantToolsFileSearchTypeOnlyParam,
)
from .auto_chunking_strategy import AutoChunkingStrategy as AutoChunkingStrategy
from .auto_chunking_strategy import (
    AutoChunkingStrategyParam as AutoChunkingStrategyParam,
)
from .create_message_request import CreateMessageRequest as CreateMessageRequest
from .create_message_request import (
    CreateMessageRequestParam as CreateMessageRequestParam,
)
from .create_thread_request import CreateThreadRequest as CreateThreadRequest
from .create_thread_request import CreateThreadRequestParam as CreateThreadRequestParam
from .create_thread_tool_resources import (
    CreateThreadToolResources as CreateThreadToolResources,
)
from .create_thread_tool_resources import (
    CreateThreadToolResourcesCodeInterpreter as CreateThreadToolResourcesCodeInterpreter,
)
from .create_thread_tool_resources import (
    CreateThreadToolResourcesCodeInterpreterParam as CreateThreadToolResourcesCodeInterpreterParam,
)
from .create_thread_tool_resources import (
    CreateThreadToolResourcesFileSearch as CreateThreadToolResourcesFileSearch,
)
from .create_thread_tool_resources import (
    CreateThreadToolResourcesFileSearchParam as CreateThreadToolResourcesFileSearchParam,
)
from .create_thread_tool_resources import (
    CreateThreadToolResourcesParam as CreateThreadToolResourcesParam,
)
from .error import Error as Error
from .error_response import ErrorResponse as ErrorResponse
from .message_attachment import MessageAttachment as MessageAttachment
from .message_attachment import MessageAttachmentParam as MessageAttachmentParam
from .message_attachment_tool import MessageAttachmentTool as MessageAttachmentTool
from .message_attachment_tool import (
    MessageAttachmentToolParam as MessageAttachmentToolParam,
)
from .message_content_image_file_object import (
    MessageContentImageFileObject as MessageContentImageFileObject,
)
from .message_content_image_file_object import (
    MessageContentImageFileObjectImageFile as MessageContentImageFileObjectImageFile,
)
from .message_content_image_file_object import (
    MessageContentImageFileObjectImageFileParam as MessageContentImageFileObjectImageFileParam,
)
from .message_content_image_file_object import (
    MessageContentImageFileObjectParam as MessageContentImageFileObjectParam,
)
from .message_content_image_url_object import (
    MessageContentImageUrlObject as MessageContentImageUrlObject,
)
from .message_content_image_url_object import (
    MessageContentImageUrlObjectImageUrl as MessageContentImageUrlObjectImageUrl,
)
from .message_content_image_url_object import (
    MessageContentImageUrlObjectImageUrlParam as MessageContentImageUrlObjectImageUrlParam,
)
from .message_content_image_url_object import (
    MessageContentImageUrlObjectParam as MessageContentImageUrlObjectParam,
)
from .message_request_content_text_object import (
    MessageRequestContentTextObject as MessageRequestContentTextObject,
)
from .message_request_content_text_object import (
    MessageRequestContentTextObjectParam as MessageRequestContentTextObjectParam,
)
from .metadata import Metadata as Metadata
from .static_chunking_strategy import StaticChunkingStrategy as StaticChunkingStrategy
from .static_chunking_strategy import (
    StaticChunkingStrategyParam as StaticChunkingStrategyParam,
)
from .static_chunking_strategy import (
    StaticChunkingStrategyStatic as StaticChunkingStrategyStatic,
)
from .static_chunking_strategy import (
    StaticChunkingStrategyStaticParam as StaticChunkingStrategyStaticParam,
)
from .thread_object import ThreadObject as ThreadObject
from .thread_tool_resources import ThreadToolResources as ThreadToolResources
from .thread_tool_resources import (
    ThreadToolResourcesCodeInterpreter as ThreadToolResourcesCodeInterpreter,
)
from .thread_tool_resources import (
    ThreadToolResourcesFileSearch as ThreadToolResourcesFileSearch,
)
from .vector_store_helper import VectorStoreHelper as VectorStoreHelper
from .vector_store_helper import VectorStoreHelperParam as VectorStoreHelperParam
from .vector_store_helper_chunking_strategy import (
    VectorStoreHelperChunkingStrategy as VectorStoreHelperChunkingStrategy,
)
from .vector_store_helper_chunking_strategy import (
    VectorStoreHelperChunkingStrategyParam as VectorStoreHelperChunkingStrategyParam,
)
