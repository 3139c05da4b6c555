"""The baseline for API benchmarks: a bare Flask endpoint returning a fixed small JSON body."""

from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/bare")
def bare():
    return jsonify(status="ok", items=[1, 2, 3])
