"""Runs the Python client against a live Stageline (STAGELINE_URL, STAGELINE_TOKEN).

Started by e2e/python-client.spec.ts against the server the browser tests use.
"""

import hashlib
import os
import subprocess
import tempfile
import time
import unittest

from stageline import Client, StagelineError, dvc_hash

URL = os.environ["STAGELINE_URL"]
TOKEN = os.environ["STAGELINE_TOKEN"]


class ClientTest(unittest.TestCase):
    def setUp(self):
        self.client = Client(URL, TOKEN)
        self.name = f"py/client-{int(time.time() * 1000)}"

    def test_register_version_with_lineage_artifact_and_alias(self):
        c = self.client
        c.create_model(self.name, task="regression", tags={"team": "py"}, key_metric="rmse")
        with tempfile.TemporaryDirectory() as repo:
            git = lambda *a: subprocess.run(["git", *a], cwd=repo, check=True, capture_output=True)
            git("init", "-q")
            git("config", "user.email", "t@example.com")
            git("config", "user.name", "t")
            with open(os.path.join(repo, "train.py"), "w") as fh:
                fh.write("print('train')\n")
            git("add", ".")
            git("commit", "-qm", "train")
            commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
            with open(os.path.join(repo, "data.csv.dvc"), "w") as fh:
                fh.write("outs:\n- md5: 0123456789abcdef0123456789abcdef\n  size: 10\n  path: data.csv\n")
            # The .dvc file is untracked, so the working tree is dirty.
            v = c.create_version(self.name, metrics={"rmse": 3.5}, params={"alpha": 0.1}, dataset="data.csv",
                                 dvc_file=os.path.join(repo, "data.csv.dvc"), cwd=repo)
        self.assertEqual(v["version"], 1)
        self.assertEqual(v["lineage"]["git_commit"], commit)
        self.assertTrue(v["lineage"]["git_dirty"])
        self.assertEqual(v["lineage"]["dataset_version"], "md5:0123456789abcdef0123456789abcdef")
        self.assertEqual(v["metrics"], {"rmse": 3.5})
        self.assertEqual(v["params"], {"alpha": "0.1"})

        payload = os.urandom(3 * 1024 * 1024 + 17)
        with tempfile.NamedTemporaryFile(delete=False) as fh:
            fh.write(payload)
        try:
            art = c.upload_artifact(self.name, 1, fh.name, "weights/model.bin")
            self.assertEqual(art["sha256"], hashlib.sha256(payload).hexdigest())
            self.assertEqual(art["size"], len(payload))
            out = fh.name + ".down"
            c.download_artifact(self.name, 1, "weights/model.bin", out)
            with open(out, "rb") as got:
                self.assertEqual(got.read(), payload)
            os.remove(out)
        finally:
            os.remove(fh.name)
        self.assertEqual([a["path"] for a in c.list_artifacts(self.name, 1)], ["weights/model.bin"])

        ev = c.log_evaluation(self.name, 1, dataset="holdout", y_true=[1.0, 2.0, 3.0, 4.0], y_pred=(1.0, 2.0, 3.0, 6.0), task="regression")
        self.assertAlmostEqual(ev["metrics"]["rmse"], 1.0)
        self.assertAlmostEqual(c.get_version(self.name, 1)["metrics"]["rmse"], 1.0)

        c.create_version(self.name, metrics={"rmse": 3.1}, detect_git=False)
        c.set_alias(self.name, "challenger", 2)
        self.assertEqual(c.get_version_by_alias(self.name, "challenger")["version"], 2)
        # champion is protected: setting it is refused, a request waits for reviewers.
        with self.assertRaises(StagelineError):
            c.set_alias(self.name, "champion", 2)
        self.assertEqual(c.request_alias(self.name, "champion", 2)["kind"], "alias")
        self.assertEqual(c.get_version(self.name, "latest")["version"], 2)
        model = c.get_model(self.name)
        self.assertEqual(model["latest_version"], 2)
        self.assertEqual(model["aliases"], [{"alias": "challenger", "version": 2}])
        self.assertIn(self.name, [m["name"] for m in c.list_models(tag="team=py", page_size=1)])

    def test_errors_name_the_problem(self):
        with self.assertRaises(StagelineError) as ctx:
            self.client.get_model("no-such-model-anywhere")
        self.assertEqual(ctx.exception.status, 404)
        with self.assertRaises(StagelineError) as ctx:
            self.client.create_model("bad name!")
        self.assertEqual(ctx.exception.status, 400)
        self.assertIn("name", ctx.exception.details["fields"])
        with self.assertRaises(StagelineError) as ctx:
            Client(URL, "stl_" + "x" * 43).get_model("anything")
        self.assertEqual(ctx.exception.status, 401)

    def test_dvc_lock_picks_the_named_dataset(self):
        with tempfile.NamedTemporaryFile("w", suffix=".lock", delete=False) as fh:
            fh.write("schema: '2.0'\nstages:\n  prepare:\n    outs:\n    - path: data/a.csv\n      md5: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n    - path: data/b.csv\n      md5: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n")
        try:
            self.assertEqual(dvc_hash(fh.name, "data/b.csv"), "b" * 32)
            self.assertEqual(dvc_hash(fh.name), "a" * 32)
        finally:
            os.remove(fh.name)


if __name__ == "__main__":
    unittest.main(verbosity=2)
