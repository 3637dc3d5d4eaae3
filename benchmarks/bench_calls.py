"""Figure 4: per-call overhead of the generated client against a local HTTP server.

A tiny threaded server (benchmarks/_common.py, its own process) answers every POST on
127.0.0.1 with a fixed chat completion JSON body. One worker process per client, in that
client's venv, times batches of calls, alternating batches of the client with batches of the raw
HTTP library it is built on (so background load hits both alike), after warm-up batches:

  clientsmith venv: raw `httpx2.Client().post(url, json=body).json()` vs the generated
                    `client.chat.completions.create(model=..., messages=[...])`
  openai venv:      raw <the HTTP library the SDK imports> vs `openai.OpenAI(...).chat.completions.create(...)`

Per-call time = batch time / batch size; medians over the batches; ratio client / raw.

    python benchmarks/bench_calls.py [--batches N] [--calls N] [--quick] [--client-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c  # noqa: E402

GOAL_RATIO = 1.15
MODEL = "gpt-4o-mini"
MESSAGES = [{"role": "user", "content": "Say hello."}]
REQUEST = {"model": MODEL, "messages": MESSAGES}
RESPONSE = {
    "id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
    "object": "chat.completion",
    "created": 1741570283,
    "model": "gpt-4o-mini-2024-07-18",
    "choices": [
        {
            "index": 0,
            "message": {
                "role": "assistant",
                "content": "Hello! How can I help you today?",
                "refusal": None,
                "annotations": [],
            },
            "logprobs": None,
            "finish_reason": "stop",
        }
    ],
    "usage": {
        "prompt_tokens": 10,
        "completion_tokens": 9,
        "total_tokens": 19,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": 0,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    },
    "service_tier": "default",
}


# --------------------------------------------------------------------------- the worker (runs in the client's venv)


def worker(kind: str, base: str, batches: int, calls: int, warmup: int, client_dir: str | None, profile: str | None) -> None:
    pinned = c.pin(server=False)
    url = base + "/v1"
    expected = RESPONSE["choices"][0]["message"]["content"]  # type: ignore[index]
    repairs = [0]
    if kind == "clientsmith":
        sys.path.insert(0, client_dir or ".")
        import httpx2 as raw_lib
        import openai_full
        from openai_full import _models

        original = _models._repair

        def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
            repairs[0] += 1  # the lenient slow path: the body would not fit the schema
            return original(*args, **kwargs)

        _models._repair = counting
        client = openai_full.Client(api_key="x", base_url=url)
    else:
        import openai
        from openai import _base_client

        raw_lib = getattr(_base_client, "httpx2", None) or getattr(_base_client, "httpx")
        client = openai.OpenAI(api_key="x", base_url=url)

    raw = raw_lib.Client()
    completions = client.chat.completions
    endpoint = url + "/chat/completions"

    def raw_call() -> None:
        data = raw.post(endpoint, json=REQUEST).json()
        assert data["choices"][0]["message"]["content"] == expected

    def client_call() -> None:
        result = completions.create(model=MODEL, messages=MESSAGES)
        assert result.choices[0].message.content == expected

    if profile:  # cProfile both paths, same number of calls each: PROFILE.raw and PROFILE.client
        import cProfile

        for call in (raw_call, client_call):
            for _ in range(warmup * calls):
                call()
        for name, call in (("raw", raw_call), ("client", client_call)):
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(calls):
                call()
            profiler.disable()
            profiler.dump_stats(f"{profile}.{name}")
        print(json.dumps({"profiled": calls, "breakdown": breakdown(client, raw, raw_call, client_call, calls)}))
        return

    timings: dict[str, list[float]] = {"raw": [], "client": [], "raw_cpu": [], "client_cpu": []}
    for i in range(warmup + batches):
        for name, call in (("raw", raw_call), ("client", client_call)) if i % 2 == 0 else (("client", client_call), ("raw", raw_call)):
            started, cpu = time.perf_counter(), time.process_time()
            for _ in range(calls):
                call()
            per_call, cpu_per_call = (time.perf_counter() - started) / calls, (time.process_time() - cpu) / calls
            if i >= warmup:
                timings[name].append(per_call)
                timings[name + "_cpu"].append(cpu_per_call)
    print(json.dumps({"timings": timings, "raw_lib": f"{raw_lib.__name__} {raw_lib.__version__}", "lenient_repairs": repairs[0], "pinned": pinned}))


def breakdown(client, raw, raw_call, client_call, calls: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Without a profiler: the client's path cut into steps through its internals (as they are
    named today; a step whose internals moved is left out), timed interleaved, median us per call."""
    import statistics

    from openai_full._models import parse_response, validate_params
    from openai_full.types.create_chat_completion_request import CreateChatCompletionRequestParam
    from openai_full.types.create_chat_completion_response import CreateChatCompletionResponse

    endpoint = str(client.base_url).rstrip("/") + "/chat/completions"

    def build():  # type: ignore[no-untyped-def]
        return client._build_request("post", "/chat/completions", params={}, json=REQUEST, files=None, headers=None, options={})

    steps = {
        "1 raw httpx2 post + json()": raw_call,
        "2 raw + validate_params + parse_response": lambda: parse_response(
            CreateChatCompletionResponse,
            raw.post(endpoint, json=validate_params(CreateChatCompletionRequestParam, {"model": MODEL, "messages": MESSAGES})).json(),
        ),
        "3 the client's _build_request, sent by its httpx2 client, + json()": lambda: client._client.send(build()).json(),
        "4 client.request (no validate_params)": lambda: client.request(CreateChatCompletionResponse, "post", "/chat/completions", json=REQUEST),
        "5 client.chat.completions.create": client_call,
        "micro: validate_params alone": lambda: validate_params(CreateChatCompletionRequestParam, {"model": MODEL, "messages": MESSAGES}),
        "micro: parse_response alone": lambda: parse_response(CreateChatCompletionResponse, RESPONSE),
        "micro: raw httpx2 build_request": lambda: raw.build_request("POST", endpoint, json=REQUEST),
        "micro: the client's _build_request": build,
    }
    usable = {}
    for name, step in steps.items():
        try:
            for _ in range(20):
                step()
            usable[name] = step
        except Exception:  # noqa: BLE001 - internals renamed: leave the step out
            pass
    times: dict[str, list[float]] = {name: [] for name in usable}
    for _ in range(9):
        for name, step in usable.items():
            started = time.perf_counter()
            for _ in range(calls):
                step()
            times[name].append((time.perf_counter() - started) / calls * 1e6)
    return {name: statistics.median(values) for name, values in times.items()}


# --------------------------------------------------------------------------- the harness


def add_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--batches", type=int, default=None, help="measured batches per side (default 25, 5 with --quick)")
    parser.add_argument("--calls", type=int, default=None, help="calls per batch (default 200, 50 with --quick)")


def _run_worker(python: Path, kind: str, base: str, batches: int, calls: int, warmup: int, client_dir: Path | None, profile: str | None = None) -> dict:
    args = [str(python), str(Path(__file__).resolve()), "--worker", kind, base, str(batches), str(calls), str(warmup), str(client_dir or ""), profile or ""]
    c.settle()
    run = c.check_ok(c.measure(args, cwd=client_dir or Path(tempfile.gettempdir()), env=c.clean_env()), f"{kind} worker")
    result = json.loads(run.stdout.splitlines()[-1])
    result["background"] = run.background
    return result


def profile_diff(path: str, calls: int, top: int = 12) -> list[str]:
    """Where the client's time goes beyond raw httpx2's: cProfile own time (tottime) per call,
    client minus raw, per function, largest first; plus the client's own cumulative entry points."""
    import pstats

    def load(which: str) -> dict[str, tuple[float, float, float]]:
        stats = pstats.Stats(f"{path}.{which}")
        out = {}
        for (filename, line, name), (_, ncalls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
            short = "/".join(Path(filename).parts[-2:]) if filename != "~" else ""
            out[f"{short}:{line}({name})" if short else name] = (tottime / calls, cumtime / calls, ncalls / calls)
        return out

    # Time blocked on the socket (the server's turn) is no one's overhead, and it is noisy.
    blocking = ("_socket.socket", "select.", "selectors.py", "acquire", "poll")
    raw, client = ({k: v for k, v in load(w).items() if not any(b in k for b in blocking)} for w in ("raw", "client"))
    zero = (0.0, 0.0, 0.0)
    ours, theirs = sum(v[0] for v in client.values()), sum(v[0] for v in raw.values())
    lines = [
        f"CPU (own time, socket waits left out) per call under the profiler: client {ours * 1e6:.0f} us, raw {theirs * 1e6:.0f} us "
        f"(+{(ours - theirs) * 1e6:.0f} us); the largest differences:"
    ]
    diffs = sorted(client, key=lambda k: -(client[k][0] - raw.get(k, zero)[0]))
    for key in diffs[:top]:
        own, cum, n = client[key]
        r_own, _, r_n = raw.get(key, zero)
        lines.append(f"  {(own - r_own) * 1e6:+6.1f} us own ({n:g} calls vs {r_n:g} raw; {cum * 1e6:.0f} us cumulative)  {key}")
    entry = sorted((k for k in client if "openai_full/" in k or k.startswith(("_models.py", "_base_client.py"))), key=lambda k: -client[k][1])
    lines.append("client's own functions by cumulative time per call:")
    for key in entry[:8]:
        own, cum, n = client[key]
        lines.append(f"  {cum * 1e6:6.1f} us cumulative ({own * 1e6:.1f} us own, {n:g} calls)  {key}")
    return lines


def run(args: argparse.Namespace, client_dir: Path | None = None) -> c.Figure:
    batches = args.batches or (5 if args.quick else 25)
    calls = args.calls or (50 if args.quick else 200)
    warmup = 2
    runtime = c.ensure_venv("client-runtime")
    openai_venv = c.ensure_venv("openai")
    work = Path(tempfile.mkdtemp(prefix="bench-calls-"))
    fig = c.Figure("4. Per-call overhead")
    try:
        client_dir = client_dir or getattr(args, "client_dir", None) or c.generate_openai_client(work / "client")
        body = json.dumps(RESPONSE).encode()
        with c.Server(body) as base:
            results = {
                "clientsmith": _run_worker(c.bin_path(runtime, "python"), "clientsmith", base, batches, calls, warmup, client_dir),
                "openai": _run_worker(c.bin_path(openai_venv, "python"), "openai", base, batches, calls, warmup, None),
            }
            profile_lines: list[str] = []
            if getattr(args, "profile", False):
                path = str(work / "calls.prof")
                result = _run_worker(c.bin_path(runtime, "python"), "clientsmith", base, 1, calls, warmup, client_dir, path)
                profile_lines = profile_diff(path, calls)
                if result.get("breakdown"):
                    profile_lines.append("without the profiler, median us per call of the path cut into steps (interleaved):")
                    profile_lines += [f"  {us:7.1f} us  {name}" for name, us in result["breakdown"].items()]
    finally:
        shutil.rmtree(work, ignore_errors=True)

    for who, label in (("clientsmith", "clientsmith client.chat.completions.create"), ("openai", "openai SDK client.chat.completions.create")):
        result = results[who]
        raw, client = result["timings"]["raw"], result["timings"]["client"]
        raw_median, client_median = c.median(raw), c.median(client)
        # Adjacent batches share the machine's state of the moment: the median of their ratios
        # is steadier than the ratio of the medians (both are shown).
        ratio = c.median([b / a for a, b in zip(raw, client)])
        cpu = (c.median(result["timings"]["client_cpu"]) - c.median(result["timings"]["raw_cpu"])) * 1e6
        fig.rows.append(c.Row("4", f"raw {result['raw_lib']} post + .json() ({who} venv)", c.fmt_time(raw_median), c.spread(raw)))
        fig.rows.append(
            c.Row(
                "4",
                label,
                c.fmt_time(client_median),
                f"{c.spread(client)}; +{(client_median - raw_median) * 1e6:.0f} us wall, +{cpu:.0f} us CPU per call; ratio of medians {client_median / raw_median:.2f}",
                f"{ratio:.2f}x raw",
                f"<= {GOAL_RATIO}x raw" if who == "clientsmith" else "",
                ratio <= GOAL_RATIO if who == "clientsmith" else None,
            )
        )
        c.log(f"calls {who}: raw {c.fmt_time(raw_median)}, client {c.fmt_time(client_median)} ({ratio:.2f}x), others busy {result['background']:.2f} cores")
    if results["clientsmith"]["lenient_repairs"]:
        fig.notes.append(f"fig 4: WARNING the clientsmith client took the lenient repair path {results['clientsmith']['lenient_repairs']} times: the fixed body does not fit its schema")
    fig.notes.append(
        f"fig 4: {batches} batches of {calls} calls per side after {warmup} warm-up batches, raw and client alternating in one process per venv; "
        f"ratio = median over adjacent (raw, client) batch pairs of client/raw wall time; one keep-alive connection; {results['clientsmith'].get('pinned', '')}; "
        f"the server (Python, raw sockets, own process) costs the same in every call: the absolute overhead (+us, CPU the steadiest) is the figure to compare"
    )
    if profile_lines:
        fig.notes.append("fig 4 cProfile, clientsmith chat.completions.create against raw httpx2 (profiler overhead included):\n" + "\n".join("    " + line for line in profile_lines))
    return fig


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        kind, base, batches, calls, warmup, client_dir, profile = sys.argv[2:9]
        worker(kind, base, int(batches), int(calls), int(warmup), client_dir or None, profile or None)
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    c.common_args(parser)
    add_args(parser)
    parser.add_argument("--client-dir", type=Path, default=None, help="an already generated openai_full client (its parent folder)")
    args = parser.parse_args()
    c.apply_common(args)
    print(c.header())
    c.print_figures([run(args)])


if __name__ == "__main__":
    main()
