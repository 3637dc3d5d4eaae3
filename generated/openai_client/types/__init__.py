"""Request and response types, imported lazily: a module loads when a name is used."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
    from .create_thread_request import (
        CreateThreadRequestParam as CreateThreadRequestParam,
    )
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
    from .static_chunking_strategy import (
        StaticChunkingStrategy as StaticChunkingStrategy,
    )
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

_MODULES: dict[str, str] = {
    "AssistantToolsCode": "assistant_tools_code",
    "AssistantToolsCodeParam": "assistant_tools_code",
    "AssistantToolsFileSearchTypeOnly": "assistant_tools_file_search_type_only",
    "AssistantToolsFileSearchTypeOnlyParam": "assistant_tools_file_search_type_only",
    "AutoChunkingStrategy": "auto_chunking_strategy",
    "AutoChunkingStrategyParam": "auto_chunking_strategy",
    "CreateMessageRequest": "create_message_request",
    "CreateMessageRequestParam": "create_message_request",
    "CreateThreadRequest": "create_thread_request",
    "CreateThreadRequestParam": "create_thread_request",
    "CreateThreadToolResources": "create_thread_tool_resources",
    "CreateThreadToolResourcesCodeInterpreter": "create_thread_tool_resources",
    "CreateThreadToolResourcesCodeInterpreterParam": "create_thread_tool_resources",
    "CreateThreadToolResourcesFileSearch": "create_thread_tool_resources",
    "CreateThreadToolResourcesFileSearchParam": "create_thread_tool_resources",
    "CreateThreadToolResourcesParam": "create_thread_tool_resources",
    "Error": "error",
    "ErrorResponse": "error_response",
    "MessageAttachment": "message_attachment",
    "MessageAttachmentParam": "message_attachment",
    "MessageContentImageFileObject": "message_content_image_file_object",
    "MessageContentImageFileObjectImageFile": "message_content_image_file_object",
    "MessageContentImageFileObjectImageFileParam": "message_content_image_file_object",
    "MessageContentImageFileObjectParam": "message_content_image_file_object",
    "MessageContentImageUrlObject": "message_content_image_url_object",
    "MessageContentImageUrlObjectImageUrl": "message_content_image_url_object",
    "MessageContentImageUrlObjectImageUrlParam": "message_content_image_url_object",
    "MessageContentImageUrlObjectParam": "message_content_image_url_object",
    "MessageRequestContentTextObject": "message_request_content_text_object",
    "MessageRequestContentTextObjectParam": "message_request_content_text_object",
    "StaticChunkingStrategy": "static_chunking_strategy",
    "StaticChunkingStrategyParam": "static_chunking_strategy",
    "StaticChunkingStrategyStatic": "static_chunking_strategy",
    "StaticChunkingStrategyStaticParam": "static_chunking_strategy",
    "ThreadObject": "thread_object",
    "ThreadToolResources": "thread_tool_resources",
    "ThreadToolResourcesCodeInterpreter": "thread_tool_resources",
    "ThreadToolResourcesFileSearch": "thread_tool_resources",
    "VectorStoreHelper": "vector_store_helper",
    "VectorStoreHelperParam": "vector_store_helper",
}

__all__ = sorted(_MODULES)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
