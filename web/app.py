"""The Starlette app behind ``tilshi serve``: the review page and its JSON API (see README)."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from translate.errors import TilshiError

from .glossary_api import Conflict, delete_entry, entry_from_body, entry_json, forms_preview, save_entry
from .review import editable, release_view
from .security import LOCAL_HOSTS, TOKEN_COOKIE, Guard, GuardMiddleware
from .workspace import Workspace

HERE = Path(__file__).resolve().parent
log = logging.getLogger("tilshi.web")
FORMATS = ("md", "txt", "json")


@dataclass
class ServeConfig:
    """How the server runs: translation options, where it listens, and who may call it."""

    options: object  # translate.pipeline.TranslateOptions
    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = None
    allow_remote: bool = False


class ApiError(Exception):
    """A request the API refuses, with its status and message."""

    def __init__(self, status: int, message: str, **extra):
        super().__init__(message)
        self.status, self.message, self.extra = status, message, extra


def create_app(config: ServeConfig) -> Starlette:
    """Build the app; nothing heavy is imported or loaded until a request needs it."""
    workspace = Workspace(config.options)
    hosts = set(LOCAL_HOSTS) | {config.host.lower()}
    guard = Guard(
        csrf_token=secrets.token_urlsafe(24), token=config.token, hosts=hosts,
        any_host=config.allow_remote and config.host in ("0.0.0.0", "::", ""),
    )
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    api = _Api(workspace, config)

    async def index(request: Request):
        response = templates.TemplateResponse(request, "index.html", {"csrf_token": guard.csrf_token})
        response.headers.update(_PAGE_HEADERS)
        token = request.query_params.get("token")
        if config.token and token:
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
        return response

    routes = [
        Route("/", index),
        Route("/api/translate", api.translate, methods=["POST"]),
        Route("/api/jobs/{id}", api.job),
        Route("/api/releases/{id}", api.release),
        Route("/api/releases/{id}/refresh", api.refresh, methods=["POST"]),
        Route("/api/releases/{id}/segments", api.edit_segment, methods=["POST"]),
        Route("/api/releases/{id}/download", api.download),
        Route("/api/releases/{id}/files/{name}", api.file),
        Route("/api/summarize", api.summarize, methods=["POST"]),
        Route("/api/glossary", api.glossary),
        Route("/api/glossary/check", api.glossary_check, methods=["POST"]),
        Route("/api/glossary/apply", api.glossary_apply, methods=["POST"]),
        Route("/api/glossary/preview", api.glossary_preview, methods=["POST"]),
        Route("/api/glossary/{term:path}", api.entry, methods=["GET", "PUT", "DELETE"]),
        Route("/api/memory/stats", api.memory_stats),
        Mount("/static", app=StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(GuardMiddleware, guard=guard)],
        exception_handlers={ApiError: _api_error, HTTPException: _http_error, Exception: _crash},
        lifespan=_lifespan(workspace),
    )
    app.state.workspace = workspace
    app.state.guard = guard
    return app


def _lifespan(workspace: Workspace):
    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        workspace.close()

    return lifespan


_PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


async def _api_error(request, exc: ApiError):
    return JSONResponse({"error": exc.message, **exc.extra}, status_code=exc.status)


async def _http_error(request, exc: HTTPException):
    messages = {404: "not found", 405: "method not allowed"}
    return JSONResponse({"error": messages.get(exc.status_code, str(exc.detail))}, status_code=exc.status_code)


async def _crash(request, exc: Exception):
    log.exception("request %s %s failed", request.method, request.url.path)
    return JSONResponse({"error": f"internal error ({type(exc).__name__}); see the server's log"}, status_code=500)


async def _body(request: Request) -> dict:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise ApiError(415, "send a JSON body with Content-Type: application/json")
    try:
        data = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise ApiError(400, "the body must be a JSON object")
    return data


def _text(data: dict, key: str, *, required: bool = True) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ApiError(400, f"'{key}' must be a non-empty string")
    return value


def _languages(value, allowed: tuple[str, ...] | None = None) -> list[str]:
    from translate.languages import resolve_language

    if isinstance(value, str):
        value = [v for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ApiError(400, "'to' must be a list of language codes, e.g. [\"ru\", \"kk\"]")
    codes = []
    for item in value:
        try:
            code = resolve_language(item.strip()).iso1
        except TilshiError as exc:
            raise ApiError(400, str(exc)) from None
        if allowed and code not in allowed:
            raise ApiError(400, f"{item!r}: use one of {', '.join(allowed)}")
        codes.append(code)
    return list(dict.fromkeys(codes))


def _json(data, status: int = 200, **headers) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=headers or None)


class _Api:
    """The JSON endpoints; each turns library errors into one JSON message."""

    def __init__(self, workspace: Workspace, config: ServeConfig):
        self.ws = workspace
        self.config = config

    def termbase(self):
        from translate.glossary import load_glossary

        if not self.ws.options.glossary:
            return None
        return load_glossary(list(self.ws.options.glossary_paths))

    async def _call(self, func, *args, **kwargs):
        try:
            return await run_in_threadpool(func, *args, **kwargs)
        except TilshiError as exc:
            raise ApiError(400, str(exc)) from None

    async def _view(self, release):
        return await self._call(lambda: release_view(release, self.termbase()))

    def _release(self, request: Request):
        release = self.ws.releases.get(request.path_params["id"])
        if release is None:
            raise ApiError(404, "no such release (the server may have restarted); translate it again")
        return release

    # -- translation ------------------------------------------------------------------

    async def translate(self, request: Request):
        from translate.outputs import input_format

        data = await _body(request)
        text = _text(data, "text")
        targets = _languages(data.get("to"))
        fmt = data.get("format") or None
        if fmt is not None and fmt not in FORMATS:
            raise ApiError(400, f"'format' must be one of {', '.join(FORMATS)}")
        name = data.get("name") or f"release.{'txt' if fmt == 'txt' else 'md'}"
        if not isinstance(name, str) or "/" in name or "\\" in name or name.startswith("."):
            raise ApiError(400, "'name' must be a plain file name such as release.md")
        input_fmt = input_format(name, fmt)
        job = self.ws.open_release(name, text, fmt or input_fmt, input_fmt, targets)
        return _json(self._job_json(job), 202, Location=f"/api/jobs/{job.id}")

    def _job_json(self, job) -> dict:
        data = {"id": job.id, "status": job.status, "progress": job.progress(), "release": job.release.id}
        if job.error:
            data["error"] = job.error
        return data

    async def job(self, request: Request):
        job = self.ws.jobs.get(request.path_params["id"])
        if job is None:
            raise ApiError(404, "no such job")
        data = self._job_json(job)
        if job.status == "done":
            data["result"] = await self._view(job.release)
        return _json(data)

    async def release(self, request: Request):
        return _json(await self._view(self._release(request)))

    async def refresh(self, request: Request):
        release = self._release(request)
        await self._in_worker(self.ws.refresh, release)
        return _json(await self._view(release))

    async def _in_worker(self, func, *args):
        try:
            return await self.ws.run(func, *args)
        except TilshiError as exc:
            raise ApiError(400, str(exc)) from None

    async def edit_segment(self, request: Request):
        """A person's translation of one sentence: kept in the memory, wins from now on."""
        from translate.memory import TranslationMemory

        release = self._release(request)
        data = await _body(request)
        lang = _languages([_text(data, "language")])[0]
        target = _text(data, "target")
        index = data.get("index")
        result = next((r for r in release.results if r.language == lang), None)
        if result is None:
            raise ApiError(400, f"the release has no {lang} translation")
        if not isinstance(index, int) or not 0 <= index < len(result.segments):
            raise ApiError(400, "'index' must be a segment number from the release")
        segment = result.segments[index]
        if not editable(segment):
            raise ApiError(422, "this sentence holds a link, URL or code span; edit it in the downloaded file instead")
        if not self.ws.options.memory:
            raise ApiError(409, "the translation memory is off (--no-memory), so an edit cannot be kept")

        def keep():
            with TranslationMemory() as memory:
                memory.store_human(segment.key, " ".join(target.split()), "en", lang)
            self.ws.refresh(release)

        await self._in_worker(keep)
        return _json(await self._view(release))

    def _files(self, release) -> dict[str, str]:
        """The files `tilshi translate NAME -o DIR` writes, by file name."""
        from translate.languages import resolve_language
        from translate.outputs import output_paths, render_json

        languages = [resolve_language(r.language) for r in release.results]
        paths = output_paths(release.name, languages, "out/", release.fmt)
        return {
            paths[r.language].name: render_json(release.name, [r]) if release.fmt == "json" else r.text
            for r in release.results
        }

    async def download(self, request: Request):
        release = self._release(request)
        if not release.results:
            raise ApiError(409, "the release is not translated yet")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in self._files(release).items():
                archive.writestr(name, text.encode("utf-8"))
        stem = release.name.rsplit(".", 1)[0]
        return Response(buffer.getvalue(), media_type="application/zip",
                        headers={"Content-Disposition": f'attachment; filename="{_ascii(stem)}.zip"'})

    async def file(self, request: Request):
        files = self._files(self._release(request))
        name = request.path_params["name"]
        if name not in files:
            raise ApiError(404, f"no file {name!r}; the release has {', '.join(sorted(files))}")
        kind = "application/json" if name.endswith(".json") else "text/markdown" if name.endswith(".md") else "text/plain"
        return Response(files[name].encode("utf-8"), media_type=f"{kind}; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{_ascii(name)}"'})

    # -- summaries --------------------------------------------------------------------

    async def summarize(self, request: Request):
        from translate.outputs import input_format

        data = await _body(request)
        text = _text(data, "text")
        targets = _languages(data.get("to"))
        method = data.get("method", "extractive")
        sentences, words = data.get("sentences"), data.get("words")
        for key, value in (("sentences", sentences), ("words", words)):
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                raise ApiError(400, f"'{key}' must be a whole number of at least 1")
        fmt = input_format(data.get("name") or "release.md", data.get("format"))

        def run():
            from summarize import summarize_document

            try:
                return summarize_document(text, targets, sentences=sentences, words=words, method=method,
                                          translate_options=self.ws.options, fmt=fmt)
            except ValueError as exc:
                raise ApiError(400, str(exc)) from None

        summaries = await self._in_worker(run)
        return _json({"summaries": [s.to_dict() for s in summaries]})

    # -- glossary ---------------------------------------------------------------------

    async def glossary(self, request: Request):
        termbase = await self._call(self.termbase_or_store)
        return _json({"entries": [entry_json(e) for e in termbase]})

    def termbase_or_store(self):
        from translate.glossary import load_glossary

        return load_glossary(list(self.ws.options.glossary_paths))

    async def entry(self, request: Request):
        term = request.path_params["term"]
        if request.method == "GET":
            entry = (await self._call(self.termbase_or_store)).get(term)
            if entry is None:
                raise ApiError(404, f"no glossary entry for {term!r}")
            data = await self._call(entry_json, entry, forms=True)
            return _json(data, ETag=f'"{data["version"]}"')
        expected = request.headers.get("if-match")
        expected = expected.strip().strip('"') if expected else None
        if request.method == "PUT":
            body = await _body(request)
            if expected is None and "version" in body:
                expected = body["version"] or ""
            action = lambda: save_entry(term, body, expected)  # noqa: E731
        else:
            action = lambda: delete_entry(term, expected)  # noqa: E731

        def locked():
            with self.ws.glossary_lock:
                return action()

        try:
            data = await self._call(locked)
        except Conflict as exc:
            raise ApiError(409, "this entry was changed in another tab or by another tool; reload it and edit again",
                           current=exc.current) from None
        return _json(data, ETag=f'"{data["version"]}"') if request.method == "PUT" else _json({"deleted": data})

    async def glossary_preview(self, request: Request):
        body = await _body(request)
        term = _text(body, "term")
        entry = await self._call(entry_from_body, term, body)
        return _json({"forms": await self._call(forms_preview, entry)})

    async def _pair(self, request: Request):
        data = await _body(request)
        return _text(data, "source"), _text(data, "translation"), _languages([_text(data, "to")], ("ru", "kk"))[0]

    async def glossary_check(self, request: Request):
        from translate.glossary import check_document

        source, translation, lang = await self._pair(request)
        report = await self._call(lambda: check_document(source, translation, lang, self.termbase_or_store()))
        return _json(report.to_dict())

    async def glossary_apply(self, request: Request):
        from translate.glossary import apply_document

        source, translation, lang = await self._pair(request)
        text, report = await self._call(lambda: apply_document(source, translation, lang, self.termbase_or_store()))
        return _json({"text": text, "report": report.to_dict()})

    async def memory_stats(self, request: Request):
        from translate.memory import TranslationMemory

        def stats():
            with TranslationMemory() as memory:
                return memory.stats()

        return _json({**await self._call(stats), "enabled": bool(self.ws.options.memory)})


def _ascii(name: str) -> str:
    return "".join(c if c.isascii() and c not in '"\\' and c.isprintable() else "_" for c in name) or "download"
