"""Request and response types, imported lazily: a module loads when a name is used.

Type checkers and editors read the names from `__init__.pyi` beside this file.
"""

from __future__ import annotations

import importlib
from typing import Any

_MODULES: dict[str, str] = {
    "ArrayOfContentPart": "array_of_content_part",
    "ArrayOfContentPartParam": "array_of_content_part",
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
    "MessageAttachmentTool": "message_attachment_tool",
    "MessageAttachmentToolParam": "message_attachment_tool",
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
    "Metadata": "metadata",
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
    "VectorStoreHelperChunkingStrategy": "vector_store_helper_chunking_strategy",
    "VectorStoreHelperChunkingStrategyParam": "vector_store_helper_chunking_strategy",
}

__all__ = sorted(_MODULES)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
