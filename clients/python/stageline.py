"""Stageline Python client: register models, versions and artifacts from training code.

One file, standard library only, so it runs wherever training runs (copy it next to your code).

    from stageline import Client
    client = Client("http://127.0.0.1:3000", token="stl_...")
    client.create_model("churn", task="classification", tags={"team": "risk"})
    v = client.create_version("churn", metrics={"auc": 0.91}, params={"C": 1.0},
                              dataset="data/train.csv", dvc_file="data/train.csv.dvc")
    client.upload_artifact("churn", v["version"], "model.onnx")
    client.set_alias("churn", "challenger", v["version"])
    client.request_alias("churn", "champion", v["version"])  # protected: reviewers approve it

Git commit, repository and the dirty flag are filled in from the working directory when it is a
git repository; the dataset hash is read from a dvc.lock or .dvc file when one is named.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, Iterator, List, Optional

__all__ = ["Client", "StagelineError", "git_info", "dvc_hash"]

CHUNK = 1024 * 1024


class StagelineError(Exception):
    """An error answered by the server: HTTP status, error code, message and details."""

    def __init__(self, status: int, code: str, message: str, details: Optional[dict] = None):
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.details = details or {}


class Client:
    """A connection to one Stageline server, authenticated with a personal API token."""

    def __init__(self, url: str, token: str, timeout: float = 60.0):
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout

    # ------------------------------------------------------------------ models

    def create_model(self, name: str, description: str = "", task: Optional[str] = None, tags: Optional[Dict[str, str]] = None,
                     use_case: Optional[str] = None, key_metric: Optional[str] = None) -> dict:
        """Registers a model. `task` is classification, regression or other."""
        body = _compact({"name": name, "description": description, "task": task, "tags": tags, "use_case": use_case, "key_metric": key_metric})
        return self._json("POST", "/api/v1/models", body)

    def get_model(self, name: str) -> dict:
        """The model with its tags, aliases and latest/staging/production version numbers."""
        return self._json("GET", f"/api/v1/models/{_seg(name)}")

    def list_models(self, query: Optional[str] = None, tag: Optional[str] = None, stage: Optional[str] = None,
                    page_size: int = 100, max_results: Optional[int] = None) -> List[dict]:
        """Models matching a name search and/or a `key=value` tag, following every page."""
        return list(self.iter_models(query=query, tag=tag, stage=stage, page_size=page_size, max_results=max_results))

    def iter_models(self, query: Optional[str] = None, tag: Optional[str] = None, stage: Optional[str] = None,
                    page_size: int = 100, max_results: Optional[int] = None) -> Iterator[dict]:
        cursor = None
        seen = 0
        while True:
            params = _compact({"q": query, "tag": tag, "stage": stage, "limit": page_size, "cursor": cursor})
            page = self._json("GET", "/api/v1/models?" + urllib.parse.urlencode(params))
            for item in page["items"]:
                yield item
                seen += 1
                if max_results is not None and seen >= max_results:
                    return
            cursor = page.get("next_cursor")
            if not cursor:
                return

    # ------------------------------------------------------------------ versions

    def create_version(self, name: str, description: str = "", source: Optional[str] = None, run_id: Optional[str] = None,
                       run_link: Optional[str] = None, git_commit: Optional[str] = None, git_repo: Optional[str] = None,
                       git_dirty: Optional[bool] = None, dataset: Optional[str] = None, dataset_version: Optional[str] = None,
                       dvc_file: Optional[str] = None, params: Optional[Dict[str, Any]] = None, metrics: Optional[Dict[str, float]] = None,
                       tags: Optional[Dict[str, str]] = None, signature: Optional[dict] = None, framework: Optional[str] = None,
                       flavor: Optional[str] = None, release_label: Optional[str] = None, detect_git: bool = True,
                       cwd: Optional[str] = None) -> dict:
        """Registers a new version of `name` and returns it (its number is in ["version"]).

        Unless given, git_commit/git_repo/git_dirty come from the git repository around `cwd`
        (the current directory by default); pass detect_git=False to skip that. When `dvc_file`
        names a dvc.lock or .dvc file, the dataset's md5 from it becomes dataset_version.
        """
        if detect_git:
            info = git_info(cwd)
            git_commit = git_commit or info.get("commit")
            git_repo = git_repo or info.get("repo")
            if git_dirty is None:
                git_dirty = info.get("dirty")
        if dvc_file and not dataset_version:
            md5 = dvc_hash(dvc_file, dataset)
            if md5:
                dataset_version = f"md5:{md5}"
        lineage = _compact({"git_commit": git_commit, "git_repo": git_repo, "git_dirty": git_dirty, "dataset_name": dataset, "dataset_version": dataset_version})
        body = _compact({
            "description": description, "source": source, "run_id": run_id, "run_link": run_link, "lineage": lineage or None,
            "params": params, "metrics": metrics, "tags": tags, "signature": signature, "framework": framework,
            "flavor": flavor, "release_label": release_label,
        })
        return self._json("POST", f"/api/v1/models/{_seg(name)}/versions", body)

    def get_version(self, name: str, version: Any) -> dict:
        """A version by number, or by `latest`, a stage name or an alias."""
        return self._json("GET", f"/api/v1/models/{_seg(name)}/versions/{_seg(str(version))}")

    def set_alias(self, name: str, alias: str, version: Any) -> dict:
        """Points `alias` (e.g. challenger) at a version, moving it if it pointed elsewhere.

        A protected alias (the production policy's list, default champion) is refused with 409:
        use request_alias instead."""
        return self._json("PUT", f"/api/v1/models/{_seg(name)}/aliases/{_seg(alias)}", {"version": int(version)})

    def delete_alias(self, name: str, alias: str) -> dict:
        return self._json("DELETE", f"/api/v1/models/{_seg(name)}/aliases/{_seg(alias)}")

    def get_version_by_alias(self, name: str, alias: str) -> dict:
        """The version an alias points at."""
        return self._json("GET", f"/api/v1/models/{_seg(name)}/aliases/{_seg(alias)}")

    def log_evaluation(self, name: str, version: Any, dataset: str, split: str = "test", y_true: Optional[list] = None,
                       y_score: Optional[list] = None, y_pred: Optional[list] = None, groups: Optional[Dict[str, list]] = None,
                       metrics: Optional[Dict[str, float]] = None, history: Optional[List[dict]] = None,
                       feature_importance: Optional[Dict[str, float]] = None, features: Optional[Dict[str, list]] = None,
                       **extra: Any) -> dict:
        """Logs an evaluation of a version.

        Send raw predictions (y_true with y_score or y_pred, optional groups={"sex": [...]}) and the
        server computes metrics, ROC/PR curves, calibration, the confusion matrix and fairness per
        group; or send precomputed `metrics` (plus optional curves, confusion_matrix, slices).
        Feature importance: your own values (feature_importance={"age": 0.4}, e.g. coefficients), or
        the evaluated rows' input columns (features={"age": [...], ...}) for the server to compute
        permutation importance by running the version's ONNX model with each column shuffled.
        The evaluation's metrics become the version's metrics (visible to policy gates).
        """
        body = _compact({"dataset": dataset, "split": split, "y_true": _list(y_true), "y_score": _list(y_score), "y_pred": _list(y_pred),
                         "groups": {k: _list(v) for k, v in groups.items()} if groups else None, "metrics": metrics, "history": history,
                         "feature_importance": feature_importance,
                         "features": {k: _list(v) for k, v in features.items()} if features else None, **extra})
        return self._json("POST", f"/api/v1/models/{_seg(name)}/versions/{_seg(str(version))}/evaluations", body)

    def request_transition(self, name: str, version: Any, to_stage: str, comment: str = "") -> dict:
        """Asks reviewers to move a version to staging, production or archived."""
        return self._json("POST", f"/api/v1/models/{_seg(name)}/versions/{_seg(str(version))}/transition-requests", {"to_stage": to_stage, "comment": comment})

    def request_alias(self, name: str, alias: str, version: Any, comment: str = "") -> dict:
        """Asks reviewers to point a protected alias (e.g. champion) at a version, under the production policy."""
        return self._json("POST", f"/api/v1/models/{_seg(name)}/versions/{_seg(str(version))}/transition-requests", {"alias": alias, "comment": comment})

    # ------------------------------------------------------------------ artifacts

    def upload_artifact(self, name: str, version: Any, path: str, artifact_path: Optional[str] = None) -> dict:
        """Uploads a local file to the version, streamed from disk, with its SHA-256 for the server to check."""
        target = artifact_path or os.path.basename(path)
        digest = _sha256_file(path)
        size = os.path.getsize(path)
        url = f"/api/v1/models/{_seg(name)}/versions/{_seg(str(version))}/artifacts/" + "/".join(_seg(p) for p in target.split("/"))
        with open(path, "rb") as fh:
            return self._request("PUT", url, fh, {"Content-Type": "application/octet-stream", "Content-Length": str(size), "X-Content-SHA256": digest})

    def list_artifacts(self, name: str, version: Any) -> List[dict]:
        return self._json("GET", f"/api/v1/models/{_seg(name)}/versions/{_seg(str(version))}/artifacts")["artifacts"]

    def download_artifact(self, name: str, version: Any, artifact_path: str, dest: str) -> str:
        """Downloads an artifact to `dest`, verifying its SHA-256 against the server's ETag."""
        url = self.url + f"/api/v1/models/{_seg(name)}/versions/{_seg(str(version))}/artifacts/" + "/".join(_seg(p) for p in artifact_path.split("/"))
        req = urllib.request.Request(url, headers=self._headers())
        h = hashlib.sha256()
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp, open(dest, "wb") as out:
                expected = (resp.headers.get("ETag") or "").strip('"')
                while True:
                    chunk = resp.read(CHUNK)
                    if not chunk:
                        break
                    h.update(chunk)
                    out.write(chunk)
        except urllib.error.HTTPError as err:
            raise _error(err) from None
        if expected and h.hexdigest() != expected:
            raise StagelineError(0, "corrupted", f"downloaded file hashes to {h.hexdigest()}, server said {expected}")
        return dest

    # ------------------------------------------------------------------ transport

    def _headers(self) -> Dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}

    def _json(self, method: str, path: str, body: Optional[dict] = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        return self._request(method, path, data, {"Content-Type": "application/json"} if data is not None else {})

    def _request(self, method: str, path: str, data: Any, headers: Dict[str, str]) -> Any:
        req = urllib.request.Request(self.url + path, data=data, method=method, headers={**self._headers(), **headers})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                text = resp.read().decode("utf-8")
                return json.loads(text) if text else None
        except urllib.error.HTTPError as err:
            raise _error(err) from None


def git_info(cwd: Optional[str] = None) -> Dict[str, Any]:
    """{commit, repo, dirty} of the git repository around `cwd`, or {} when it is not one."""
    def run(*args: str) -> Optional[str]:
        try:
            out = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            return None
        return out.stdout.strip() if out.returncode == 0 else None

    commit = run("rev-parse", "HEAD")
    if not commit:
        return {}
    info: Dict[str, Any] = {"commit": commit, "dirty": bool(run("status", "--porcelain"))}
    repo = run("config", "--get", "remote.origin.url")
    if repo:
        info["repo"] = repo
    return info


def dvc_hash(dvc_file: str, dataset: Optional[str] = None) -> Optional[str]:
    """The md5 of a dataset recorded in a .dvc or dvc.lock file (the entry whose path matches
    `dataset` when given, else the first). Parsed without a YAML library."""
    with open(dvc_file, "r", encoding="utf-8") as fh:
        text = fh.read()
    entries = []
    for block in re.split(r"\n\s*-\s+", "\n" + text):
        md5 = re.search(r"\bmd5:\s*([0-9a-fA-F]{32})(?:\.dir)?", block)
        path = re.search(r"\bpath:\s*(\S+)", block)
        if md5:
            entries.append((path.group(1) if path else None, md5.group(1).lower()))
    if not entries:
        return None
    if dataset:
        base = os.path.basename(dataset)
        for p, md5 in entries:
            if p and (p == dataset or os.path.basename(p) == base):
                return md5
    return entries[0][1]


def _sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def _list(values: Any) -> Optional[list]:
    """Lists, tuples, numpy arrays and pandas Series alike become plain lists."""
    if values is None:
        return None
    if hasattr(values, "tolist"):
        return values.tolist()
    return list(values)


def _seg(value: str) -> str:
    return urllib.parse.quote(value, safe="")


def _compact(d: Dict[str, Any]) -> Dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def _error(err: urllib.error.HTTPError) -> StagelineError:
    try:
        payload = json.loads(err.read().decode("utf-8"))["error"]
        return StagelineError(err.code, payload.get("code", "error"), payload.get("message", ""), payload.get("details"))
    except Exception:  # noqa: BLE001 - a non-JSON error page
        return StagelineError(err.code, "http_error", str(err))
