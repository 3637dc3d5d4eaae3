"""The whole run, stage after stage: load -> anchors -> bundle -> upgrade -> validate -> ir -> render -> format -> write.

On a large document, work that does not wait for the rest runs in forked processes, one
per core: validation and the mock's copy of the document beside the IR (`_beside`), the
second half of the operations' models (ir/build.py), the files rendered and formatted share
by share (`_render_and_format`), and half of the files staged for writing (write/transaction.py).
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import heapq
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Generic, TypeVar

from generator import format as formatting
from generator import anchors, bundle, cache, linesplit, load, progress, release, render, render_memo, upgrade, validate, write
from generator.config import Config
from generator.diagnostics import Diagnostic, GenerationError, Location
from generator.ir.build import build
from generator.ir import pieces
from generator.ir.convert_memo import ConvertMemo
from generator.ir.mock_memo import MockMemo
from generator.ir.op_memo import OpMemo, Pickled
from generator.ir.types_memo import TypesMemo
from generator.ir.model import Api
from generator.ir.repair import RepairMemo, repair
from generator.load import Document
from generator.workers import Child, Shares, Spool, Spooled, Workers

_SHARES = 16  # of the files, when two processes make them: the last one taken is one process's wait at most
# (A client for a deeper chain of schemas could not be imported: each module imports the next.)
_TOO_DEEP = "the document goes too deep to generate a client from (schemas inside one another or each referring to the next, or values nested, some hundreds of levels deep)"
_SHARED_FROM = 128  # files to make: below this, this process makes them alone (a fork of a big run costs 30-50 ms)
_FORK_FROM = 100_000  # characters (or bytes) of spec: below this, a fork costs more than it saves (gitlab's 0.31 MB runs in 0.8x the time with them)
T = TypeVar("T")

# The `clientsmith` command sets this to a list, and ends with os._exit: the run's document
# and model are left in it rather than freed object by object (most of a second on a big one).
LEFT_TO_EXIT: list[object] | None = None


@dataclass
class Outcome:
    files: dict[str, write.Content] | None  # None: the output folder is already what the inputs give (bytes: a file given as it is)
    manifest: write.Manifest  # the next manifest, if every file is written
    warnings: list[Diagnostic]
    read_back: set[str] = field(default_factory=set)  # files found as the last run wrote them, and as they would be written: not in `files`
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage, in order
    # Waits for the memos' writer: it runs on while the files are written (after an edit, it
    # is niced, and was what the run waited for once the rendering ended: 0.05-0.11 s).
    memos_written: Callable[[], object] = lambda: None


def produce(config: Config, folder: write.Claimed, workers: Workers, bump: bool = False) -> Outcome:
    """Every output file's final text, without touching the output folder. `workers`: the
    scope of the processes forked beside this one, which the memos' writer may outlast this
    call in (`Outcome.memos_written`). `bump`: the package's version follows what changed for
    the client's callers (release.py)."""
    clock = Clock()
    code = code_fingerprint(config)
    spec = _read(Path(config.spec))  # (read once: fingerprinted, then loaded)
    inputs = fingerprint(config, folder.manifest.sources, code, spec)
    if folder.manifest.inputs == inputs and write.is_current(folder.tree, folder.previous):
        cache.touch(load.cache_group(config.spec))  # (its memos are as current as the output: kept as long)
        return Outcome(None, folder.previous, _said(config, folder, inputs), seconds=clock.total(), stages=clock.lap("check"))
    folder.look_ahead()  # (the folder's files found beside the load)
    progress.report("loading the document")
    try:
        doc, upgraded = _load(config, spec)
        previous = folder.previous  # (found before any other fork)
        clock.lap("load")
        big = workers if len(doc.content) >= _FORK_FROM and Workers.available else None
        # What the memos of this document were made with (the options and the version too).
        stamp = cache.key(code, repr(_options(config)), str(doc.data.get("openapi")))
        remembered = bool(doc.cache_group) and pieces.trusted(doc)
        repair_memo = RepairMemo(doc.cache_group + "/repair", stamp, doc.digests) if remembered else None
        # After an edit, what runs beside the model's making (each with memos of its own)
        # is short beside it, and yields it the cores; on a first run, it may be as long.
        again = repair_memo is not None and bool(repair_memo.old)
        findings = _beside(partial(_validated, doc, config.strict, keep=big is not None), big, later=again)
        clock.lap("validate")
        progress.report("building the model")
        data, repaired = repair(doc.data, repair_memo)
        sound = dataclasses.replace(doc, data=data)
        texts = partial(render.PieceTexts, doc.cache_group + "/mock", stamp, doc.data, doc.digests) if remembered else None
        units = partial(MockMemo, doc.cache_group + "/mockunits", stamp, pieces.Pieces(sound, doc.data)) if remembered else None
        spool = Spool() if big is not None and Spool.available else None  # (the mock's bytes, out of its process)
        mock_files = _unspooled(_beside(partial(_kept_apart, partial(render.mock_files, data, texts, units), folder, spool), big, later=again), spool)
        clock.lap("repair")
        with _lasting():  # the memos: millions of objects (170 MB on graph-beta), kept to the end
            memo = OpMemo(doc.cache_group + "/ops", stamp) if remembered else None
            conversions = ConvertMemo(doc.cache_group + "/conv", stamp) if remembered else None
            types = TypesMemo(doc.cache_group + "/types", stamp) if remembered else None
        spent: dict[str, float] = {}
        try:
            with _lasting():  # the model: millions of objects that live to the end of the run
                api, notes = build(sound, config, original=doc.data, memo=memo, conversions=conversions, types=types, timings=spent)
        except Exception as exc:
            found = findings()
            _raise_errors(found)  # a broken document breaks the builder: say why, if we can
            for finding in found:  # (only warnings: said before the internal error, they may be why)
                exc.add_note(str(finding))
            raise
        api, changelog, version = release.decide(api, doc, config, previous, folder.tree, bump)
        clock.lap("ir")
        clock.part("examples", of="ir", seconds=spent["examples"])
        # The files no template makes, before a fork shares the pages of what they are made
        # of: each page this process writes to then (a count of references is enough) is
        # copied first. tests/cases.json reads one string of each operation's memo entry,
        # and nothing else does (graph-beta's 22,361: 0.12 s, of which 0.07 s copying pages).
        fixed = render.fixed_files(api) | ({release.CHANGELOG: changelog} if changelog is not None else {})
        # (written beside the rest on a big document: a hundred megabytes to pickle)
        memo_written = _beside(partial(_write_memos, memo, conversions, types, repair_memo), big, later=again) if remembered else None
        pickled = {**memo.pickled, **types.pickled} if memo is not None and types is not None else {}
        files, hashes, written, read_back = _render_and_format(api, fixed, mock_files, config, code, pickled, folder, big, clock, partial(_written_apart, memo_written, again, (memo, conversions, types)))
        progress.report("validating the document")
        _raise_errors(findings())  # nothing is written before the validator has had its say
        clock.lap("validate")  # what is left of it, when it ran beside the rest
    except RecursionError as exc:  # (passes over the document recurse along its nesting and its references: some reach Python's limit first)
        raise _too_deep(config, exc) from None
    finally:
        if LEFT_TO_EXIT is None:  # a process that runs again (the tests); the command exits
            gc.unfreeze()  # soon, and a full collection of the model on the way costs a second
    if LEFT_TO_EXIT is not None:
        LEFT_TO_EXIT.append((doc, sound, api, memo, conversions, types, repair_memo))  # (the memos too: freeing them took 0.15 s)
    models = sum(m.models for m in api.types_modules)
    last = previous.written
    written |= {path: last[path] for path in read_back}
    if doc.sources != previous.sources:
        inputs = fingerprint(config, doc.sources, code)
    manifest = write.Manifest(inputs, len(api.operations), models, hashes, written, doc.sources, *version)
    found = findings()
    said = {f.location.pointer for f in found}
    dropped = [Diagnostic(doc.as_written(message), doc.location(parts), "warning") for parts, message in repaired]
    warnings = upgraded + found + [d for d in dropped if d.location.pointer not in said] + notes
    _say_again(config, folder, inputs, warnings)
    clock.lap("warnings")
    return Outcome(files, manifest, warnings, read_back, seconds=clock.total(), stages=clock.seconds, memos_written=memo_written or (lambda: None))


def _validated(doc: Document, strict: bool, keep: bool) -> list[Diagnostic]:
    """validate.validate's findings; with `keep`, in the process beside the model's making
    that validates, the document's parse is first kept for the next run (Document.keep)."""
    if keep and doc.keep is not None:
        doc.keep()
    return validate.validate(doc, strict=strict)


def _kept_apart(make: Callable[[], dict[str, str]], folder: write.Claimed, spool: Spool | None) -> tuple[dict[str, bytes | tuple[int, int]], dict[str, str]]:
    """The files `make` gives, in their bytes (files given as they are: see `_encoded`), but
    those found in the folder as the last run wrote them, which a forked maker need not send
    back: the mock's document is tens of megabytes of JSON (graph-beta: 0.3 s to send and
    hash again); and the raw hash of each file, sent or not. With a `spool`, a file's bytes
    are put there, and where they are is sent (graph-beta's 49 MB: 0.08 s through the pipe)."""
    files = _encoded(make())
    hashes = {}
    for path, data in list(files.items()):
        raw = hashes[path] = write.digest_bytes(data)
        if folder.previous.raw.get(path) == raw and write.is_unchanged(folder.tree, path, folder.previous):
            del files[path]
    if spool is None:
        return dict(files), hashes
    return {path: spool.put(data) for path, data in files.items()}, hashes


def _unspooled(
    collect: Callable[[], tuple[dict[str, bytes | tuple[int, int]], dict[str, str]]], spool: Spool | None
) -> Callable[[], tuple[dict[str, bytes | Spooled], dict[str, str]]]:
    """`_kept_apart`'s answer, each file put in the `spool` as the bytes there."""

    def unspooled() -> tuple[dict[str, bytes | Spooled], dict[str, str]]:
        files, hashes = collect()
        found: dict[str, bytes | Spooled] = {}
        for path, data in files.items():
            if isinstance(data, tuple):
                assert spool is not None
                found[path] = spool.at(data)
            else:
                found[path] = data
        return found, hashes

    return unspooled


def _encoded(files: dict[str, str]) -> dict[str, bytes]:
    """Files that formatting leaves as they are (formatting.as_is), in the bytes they are
    written in, as a forked process sends them: a text crosses a pipe encoded and is
    decoded on arrival, only to be encoded again to be written (tests/openapi.json and
    tests/cases.json are tens of megabytes, and an edit changes both)."""
    return {path: text.encode("utf-8") for path, text in files.items()}


# What a share of the files gives (`_render_and_format`): their texts (or bytes), raw hashes,
# the hashes of what is written, and those read back.
_Made = tuple[dict[str, write.Content], dict[str, str], dict[str, str], set[str]]


def _render_and_format(
    api: Api,
    fixed: dict[str, str],
    mock_files: Callable[[], tuple[dict[str, bytes | Spooled], dict[str, str]]],
    config: Config,
    code: str,
    pickled: Pickled,
    folder: write.Claimed,
    workers: Workers | None,
    clock: Clock,
    may_fork: Callable[[], bool],
) -> tuple[dict[str, write.Content], dict[str, str], dict[str, str], set[str]]:
    """Every file's formatted text (or bytes: `_encoded`), raw hash and the hash of that text, and the files found
    in the folder as the last run wrote them and as they would be written now (their text is left out). A part
    whose template and context are those the last run rendered, and whose file is as that
    run wrote it, is kept without rendering (render_memo.py): each part's key is known
    without its context being made, so this process sorts them all out first. With
    `workers`, when much is left to render, a forked process renders and formats files beside this one,
    share by share, each process taking the next share when it is free: files are
    independent of each other, and on a big client these two stages are most of the run. `fixed`: the files no template
    makes (render.fixed_files, the changelog); `code`: code_fingerprint's; `pickled`: the parts of the model the memos know by a digest (OpMemo.pickled, TypesMemo.pickled);
    `may_fork`: whether the helper may be forked now (`_written_apart`)."""
    previous = folder.previous
    unchanged = partial(write.is_unchanged, folder.tree, manifest=previous)
    ready = render.runtime_paths(api.package)
    entry = render_memo.name(folder.root)
    known = render_memo.read(entry, code)
    remember = cache.directory() is not None  # (no cache: no digests to make)
    snippets: dict[formatting.Key, list[str] | None] = {}  # (each process's own, from the fork on)
    env = render.environment(config.templates)
    todo = render.jobs(api)
    keys = render_memo.keys(todo, render_memo.client_bytes(api), pickled) if remember else {}
    reused = render_memo.reuse(keys, known, previous.raw, unchanged)
    todo = [job for job in todo if job[0] not in reused]

    def made(planned: list[render.Planned], more: dict[str, str], fork: bool, counted: tuple[int, int] | None = None) -> _Made:
        raw = render.render_jobs(api, [render.with_context(job) for job in planned], env, counted) | more
        clock.lap("render")
        texts, hashes, read_back = formatting.format_files(raw, previous.raw, unchanged, ready, fork, snippets)
        # (a file formatting leaves as it is has its raw hash: tests/openapi.json is tens of MB)
        written = {path: hashes[path] if formatting.as_is(path, ready) else write.digest_bytes(text.encode("utf-8")) for path, text in texts.items()}
        clock.lap("format")
        return dict(texts), hashes, written, read_back

    def sent(found: _Made) -> _Made:
        """The helper's files, as they cross the pipe (`_encoded`)."""
        texts = found[0]
        texts.update(_encoded({path: text for path, text in texts.items() if isinstance(text, str) and formatting.as_is(path, ready)}))
        return found

    helper = None
    if workers is None or len(todo) < _SHARED_FROM:
        found = [made(todo, fixed, True)]
    else:
        shares = _shares(todo)
        starts = [sum(len(share) for share in shares[:i]) for i in range(len(shares))]

        def share(i: int, part: slice = slice(None)) -> _Made:
            return made(shares[i][part], {}, False, (starts[i] + (part.start or 0), len(todo)))

        # Each process takes the next share left; this one makes the files only it makes
        # first. The helper is forked as soon as `may_fork()`: until then, this process makes
        # its shares in quarters, and asks before each.
        rest = Shares(len(shares))

        def helped() -> Child[_Made] | None:
            return workers.fork(lambda: sent(_joined([share(i) for i in rest]))) if may_fork() else None

        helper = helped()
        found = [made([], fixed, False)]
        for i in rest:
            step = len(shares[i]) if helper is not None else -(-len(shares[i]) // 4)
            for at in range(0, len(shares[i]), step or 1):
                helper = helper or helped()
                found.append(share(i, slice(at, at + step)))
    mock, digested = mock_files()  # (the mock's files are given as they are: their raw hash is their bytes')
    found.append((dict(mock), digested, {path: digested[path] for path in mock}, digested.keys() - mock.keys()))
    if helper is not None:
        progress.report("formatting")
        found.append(helper.result())
        clock.lap("format")
    files, hashes, written, read_back = _joined(found)
    hashes.update(reused)
    read_back |= reused.keys()
    learned = {key: hashes[path] for path, key in keys.items()}
    if remember and learned != known:
        cache.write(entry, learned, code)
    return files, hashes, written, read_back


def _shares(todo: list[render.Planned]) -> list[list[render.Planned]]:
    """`_SHARES` lists of jobs of about equal weight (at least two, some maybe empty), each
    job placed, the heaviest first, in the lightest list so far. The last share taken is
    what one process may do while the other has nothing left."""
    shares: list[list[render.Planned]] = [[] for _ in range(_SHARES)]
    weights = [(0, i) for i in range(_SHARES)]
    for job in sorted(todo, key=lambda job: -job[3]):
        weight, i = heapq.heappop(weights)
        shares[i].append(job)
        heapq.heappush(weights, (weight + job[3], i))
    return shares


def _joined(found: list[_Made]) -> _Made:
    files: dict[str, write.Content] = {}
    hashes: dict[str, str] = {}
    written: dict[str, str] = {}
    read_back: set[str] = set()
    for more_files, more_hashes, more_written, more_read_back in found:
        files.update(more_files)
        hashes.update(more_hashes)
        written.update(more_written)
        read_back |= more_read_back
    return files, hashes, written, read_back


def read_model(config: Config) -> tuple[Api, Document]:
    """The IR of `config.spec` and its document, nothing validated or rendered: what
    `clientsmith diff` compares."""
    try:
        doc, _ = _load(config)
        data, _ = repair(doc.data)
        api, _ = build(dataclasses.replace(doc, data=data), config, original=doc.data)
    except RecursionError as exc:  # (as in `produce`)
        raise _too_deep(config, exc) from None
    finally:
        gc.unfreeze()
    return api, doc


class Clock:
    """Seconds per stage, for `--timings` and the benchmarks."""

    def __init__(self) -> None:
        self.started = self._last = time.perf_counter()
        self.seconds: dict[str, float] = {}

    def lap(self, stage: str) -> dict[str, float]:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self._last
        self._last = now
        return self.seconds

    def part(self, stage: str, of: str, seconds: float) -> None:
        """`seconds` of stage `of`, timed inside it, counted as `stage` instead."""
        self.seconds[of] -= seconds
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds

    def total(self) -> float:
        return time.perf_counter() - self.started


def _load(config: Config, raw: bytes | None = None) -> tuple[Document, list[Diagnostic]]:
    """The document, one file and OpenAPI 3 (`raw`: its file's bytes, when read already)."""
    with _lasting():  # a parse makes a million objects and no cycles
        return upgrade.upgrade(bundle.bundle(anchors.resolved(load.load(config.spec, raw)), config.spec_stands_alone))


def _read(path: Path) -> bytes | None:
    """A file's bytes; None when it cannot be read (whoever reads it next says why)."""
    try:
        return path.read_bytes()
    except OSError:
        return None


@contextmanager
def _lasting() -> Iterator[None]:
    """No cycle collections while the block makes objects that live to the end of the run
    (the document, the model): there is no garbage among them to find, and collections on
    the way scan them again and again (they took most of a parse's time). What the block
    made is frozen as it ends: re-enabled with all of it young, the collector would scan it
    whole at the next allocation (a second, on graph-beta). Its callers unfreeze."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def fingerprint(config: Config, spec_files: list[str], code: str, spec: bytes | None = None) -> str:
    """Everything the output depends on: the spec and the other files it refers to (paths
    relative to its folder), the options, and clientsmith's code (`code`: code_fingerprint's).
    Same fingerprint, same output. `spec`: the spec's bytes, when read already."""
    digest = hashlib.sha256()
    for part in (code, repr(_options(config))):
        digest.update(part.encode() + b"\0")
    sources = [("spec", Path(config.spec))] + [(f"spec/{name}", Path(config.spec).parent / name) for name in spec_files]
    _digest_files(digest, sources, spec)
    return digest.hexdigest()[:32]


def code_fingerprint(config: Config) -> str:
    """clientsmith's templates (the user's too) and code (runtime included), and black's
    version: what turns a model into files."""
    from generator import __version__

    digest = hashlib.sha256()
    for part in (__version__, linesplit.black_version()):  # (not `import black`: a run with nothing to do stays instant)
        digest.update(part.encode() + b"\0")
    folders = [render.builtin_templates(), Path(render.__file__).parent]  # templates, and our own code
    if config.templates:
        folders.insert(0, Path(config.templates))
    sources = []
    for folder in folders:
        files = sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
        sources += [(p.relative_to(folder).as_posix(), p) for p in files]
    _digest_files(digest, sources)
    return digest.hexdigest()[:32]


def _options(config: Config) -> tuple[object, ...]:
    """The options, in a repr that is the same in every process (a set's order follows the hash seed)."""
    selection = tuple(sorted(part) for part in (config.selection.tags, config.selection.paths, config.selection.operations))
    return (config.package, config.api_key_env, config.auth_env, config.base_url, config.default_headers, selection, config.method_names, config.strict, config.multipart)


def _digest_files(digest: Any, sources: list[tuple[str, Path]], first: bytes | None = None) -> None:
    """`first`: the first source's bytes, when read already."""
    for i, (name, path) in enumerate(sources):  # names, not paths: the same inputs anywhere give the same print
        try:
            data = first if i == 0 and first is not None else path.read_bytes()
        except OSError:
            digest.update(name.encode() + b"\0missing\0")
            continue
        digest.update(name.encode() + b"\0")  # (in parts: a big document is not copied to be hashed)
        digest.update(data)
        digest.update(b"\0")


def _warnings_entry(config: Config, folder: write.Claimed) -> str:
    return cache.output_group(folder.root) + "/warnings-" + cache.key(str(config.spec))


def _say_again(config: Config, folder: write.Claimed, inputs: str, warnings: list[Diagnostic]) -> None:
    """Keep the run's warnings, for a run from the same inputs that has nothing to do: it
    says them again, as a compiler replays the warnings of what it did not rebuild. (None to
    keep: an entry of other inputs is no answer for these.)"""
    if warnings:
        said = [(d.message, d.location.file, d.location.line, d.location.pointer, d.severity) for d in warnings]
        cache.write(_warnings_entry(config, folder), said, inputs)


def _said(config: Config, folder: write.Claimed, inputs: str) -> list[Diagnostic]:
    """The warnings of the last run from `inputs` into this folder (none without a cache)."""
    said = cache.read(_warnings_entry(config, folder), inputs)
    try:
        return [Diagnostic(message, Location(file, line, pointer), severity) for message, file, line, pointer, severity in said or ()]
    except (TypeError, ValueError):  # an entry of another shape
        return []


def _too_deep(config: Config, exc: RecursionError) -> Exception:
    """The one-line error for a document too deep; with CLIENTSMITH_DEBUG set, `exc` itself
    (where a pass of ours recursed)."""
    return exc if os.environ.get("CLIENTSMITH_DEBUG") else GenerationError([Diagnostic(_TOO_DEEP, Location(str(config.spec)), "error")])


def _write_memos(*memos: cache.Sharded | RepairMemo | None) -> None:
    for memo in memos:
        if memo is not None:
            memo.write()


def _written_apart(written: _Collected[None] | None, later: bool, memos: tuple[cache.Sharded | None, ...]) -> bool:
    """Whether a helper that renders (`_render_and_format`) may be forked: on a first run,
    once the memos' writer has ended. Each forked process copies the pages it touches, and
    the two side by side made the peak of graph-beta's first run with a cache (1,931-2,030
    MiB; 1,669-1,682 MiB now). This process then drops the memos' entries: the helper forked
    after does not share them, and their memory goes to the rendering. After an edit the
    writer yields the cores and has little to write: no wait."""
    if written is None or later:
        return True
    if not written.done():
        return False
    written()
    for memo in memos:
        if memo is not None:
            memo.release()
    return True


def _raise_errors(findings: list[Diagnostic]) -> None:
    errors = [d for d in findings if d.severity == "error"]
    if errors:
        raise GenerationError(errors)


def _beside(work: Callable[[], T], workers: Workers | None, later: bool = False) -> _Collected[T]:
    """`work()` in a forked process (with `workers`) or here and now; call to collect it.
    `later`: collected well after this process's next steps, which come first on the cores."""
    if workers is None:
        return _Collected(None, work())
    return _Collected(workers.fork(work, yielding=later))


class _Collected(Generic[T]):
    """What `_beside` began: called, its value (waited for once, then kept)."""

    def __init__(self, child: Child[T] | None, value: T | None = None) -> None:
        self._child, self._value = child, value

    def __call__(self) -> T:
        if self._child is not None:
            self._value, self._child = self._child.result(), None
        return self._value  # type: ignore[return-value]  # (work()'s, or the child's)

    def done(self) -> bool:
        """Whether calling would not wait."""
        return self._child is None or self._child.done()
