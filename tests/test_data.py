"""Testes de utils.data: espelhos reais, downloads contra um servidor local e casos ruins.

Tudo roda offline. Os dados reais vêm de ../shared/data (ou COURSE_DATA_DIR) e do pacote
Debian do Fashion-MNIST; os downloads são servidos em 127.0.0.1 a partir de arquivos pequenos,
montados aqui no formato oficial, com URL e sha256 trocados na tabela `data.SOURCES`.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import http.server
import io
import os
import pickle
import socket
import tarfile
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from utils import _download, data

SHARED_DATA = Path(os.environ.get("COURSE_DATA_DIR")
                   or Path(__file__).resolve().parents[2] / "shared" / "data")
DEBIAN_DATA = Path("/usr/share/datasets")


# ---------------------------------------------------------------------------------------------
# Isolamento, servidor local e construção de arquivos no formato oficial
# ---------------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def places(tmp_path, monkeypatch):
    """Cada teste vê só um espelho e um cache vazios, criados por ele."""
    mirror, cache = tmp_path / "espelho", tmp_path / "cache"
    mirror.mkdir()
    monkeypatch.setenv("COURSE_DATA_DIR", str(mirror))
    monkeypatch.setenv("COURSE_CACHE_DIR", str(cache))
    for name in ("COURSE_DOWNLOAD_BASE_URL", "COURSE_DOWNLOAD_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(data, "REPO_DATA_DIR", tmp_path / "repo-data")
    monkeypatch.setattr(data, "SYSTEM_DATA_DIR", tmp_path / "sistema")
    return SimpleNamespace(mirror=mirror, cache=cache)


def cache_entries(cache: Path) -> list[Path]:
    """Tudo o que existe no cache (arquivos e pastas, inclusive ocultos)."""
    return sorted(cache.rglob("*")) if cache.exists() else []


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (nome exigido pelo http.server)
        body = self.server.routes.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.path in self.server.truncated:
            body = body[: len(body) // 2]  # fecha a conexão no meio da transferência
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """Servidor HTTP em 127.0.0.1 (porta livre), numa thread, parado no fim do teste."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.routes, httpd.truncated = {}, set()
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield SimpleNamespace(httpd=httpd, base=f"http://127.0.0.1:{httpd.server_port}/")
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def publish(server, monkeypatch):
    """Publica arquivos no servidor e aponta `data.SOURCES[dataset]` para eles."""
    def _publish(dataset, files, *, content_sha256=None, file_sha=True):
        remotes = []
        for name, body in files.items():
            server.httpd.routes["/" + name] = body
            sha = hashlib.sha256(body).hexdigest() if file_sha else None
            remotes.append(data.RemoteFile(server.base + name, sha))
        monkeypatch.setitem(data.SOURCES, dataset,
                            data.Source(tuple(remotes), content_sha256 or {}))
        return server
    return _publish


def images(n, shape, seed=0):
    """n imagens uint8 aleatórias e rótulos uint8 0..9 balanceados."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (n, *shape), dtype=np.uint8), (np.arange(n) % 10).astype(np.uint8)


def npz_bytes(**arrays):
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()


def small_split(shape=(28, 28), label_shape=(), n_train=60, n_test=30):
    (x_train, y_train), (x_test, y_test) = images(n_train, shape, 1), images(n_test, shape, 2)
    return {"x_train": x_train, "y_train": y_train.reshape(-1, *label_shape),
            "x_test": x_test, "y_test": y_test.reshape(-1, *label_shape)}


def idx_gz(array):
    """Arquivo IDX uint8 comprimido, como os originais do (Fashion-)MNIST."""
    header = bytes([0, 0, 8, array.ndim]) + b"".join(d.to_bytes(4, "big") for d in array.shape)
    return gzip.compress(header + array.tobytes())


def fashion_files(arrays):
    return {name: idx_gz(arrays[key]) for key, name in data._FASHION_FILES.items()}


def tar_gz(members, extra=()):
    """.tar.gz com `members` {nome: bytes} e membros especiais `extra` (TarInfo)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, body in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
        for info in extra:
            tar.addfile(info)
    return buffer.getvalue()


MR_POS = "um filme encantador , com atuações sólidas — e um final feliz . \n" * 12
MR_NEG = "uma bagunça… sem graça e sem rumo . \n" * 12


def mr_hashes(pos=MR_POS, neg=MR_NEG):
    return {"rt-polarity.pos": _download.sha256_bytes(pos.encode()),
            "rt-polarity.neg": _download.sha256_bytes(neg.encode())}


def mr_tar(pos=MR_POS, neg=MR_NEG):
    """O arquivo oficial do MR: textos em cp1252 dentro de rt-polaritydata/."""
    return tar_gz({"rt-polaritydata.README.1.0.txt": b"leia-me",
                   "rt-polaritydata/rt-polarity.pos": pos.encode("cp1252"),
                   "rt-polaritydata/rt-polarity.neg": neg.encode("cp1252")})


def imdb_members(per_class=6):
    members = {"aclImdb/README": b"x", "aclImdb/imdb.vocab": b"a\nb\n",
               "aclImdb/train/unsup/0_0.txt": b"sem rotulo"}
    for split in ("train", "test"):
        for polarity, rating in (("pos", 9), ("neg", 2)):
            for i in reversed(range(per_class)):  # fora de ordem, como num tar real
                text = f"{split} {polarity} {i}<br /><br />ótimo? Não." if i % 2 else f"{i}"
                members[f"aclImdb/{split}/{polarity}/{i}_{rating}.txt"] = text.encode()
    return members


def cifar_tar(arrays):
    """cifar-10-python.tar.gz com lotes pickle no layout oficial (CHW achatado, chaves bytes)."""
    def batch(x, y):
        flat = x.transpose(0, 3, 1, 2).reshape(len(x), -1)
        return pickle.dumps({b"batch_label": b"lote", b"data": flat,
                             b"labels": [int(v) for v in y.ravel()], b"filenames": []})
    x_parts = np.array_split(arrays["x_train"], 5)
    y_parts = np.array_split(arrays["y_train"], 5)
    members = {f"cifar-10-batches-py/data_batch_{i + 1}": batch(x, y)
               for i, (x, y) in enumerate(zip(x_parts, y_parts, strict=True))}
    members["cifar-10-batches-py/test_batch"] = batch(arrays["x_test"], arrays["y_test"])
    members["cifar-10-batches-py/batches.meta"] = pickle.dumps({b"label_names": []})
    return tar_gz(members)


def assert_same(loaded, arrays):
    (x_train, y_train), (x_test, y_test) = loaded
    for key, value in zip(data._SPLIT_KEYS, (x_train, y_train, x_test, y_test), strict=True):
        assert value.dtype == arrays[key].dtype and np.array_equal(value, arrays[key]), key


# ---------------------------------------------------------------------------------------------
# Dados reais: ../shared/data e o pacote Debian do Fashion-MNIST
# ---------------------------------------------------------------------------------------------

@pytest.fixture
def shared(monkeypatch):
    assert (SHARED_DATA / "mnist.npz").is_file(), f"espelho real ausente: {SHARED_DATA}"
    monkeypatch.setenv("COURSE_DATA_DIR", str(SHARED_DATA))
    return SHARED_DATA


def test_mnist_from_shared_mirror_is_keras_layout(shared, capsys):
    (x_train, y_train), (x_test, y_test) = data.load_mnist()
    assert x_train.shape == (5000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert y_train.shape == (5000,) and y_test.shape == (10000,)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    assert set(np.unique(y_train)) == set(range(10))
    with np.load(shared / "mnist.npz") as original:  # ordem original sem subconjunto
        assert np.array_equal(x_test, original["x_test"])
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert f"MNIST: 5.000 treino + 10.000 teste, lido de {shared / 'mnist.npz'} (espelho" in out


def test_cifar10_from_shared_mirror(shared):
    (x_train, y_train), (x_test, y_test) = data.load_cifar10(verbose=False)
    assert x_train.shape == (10000, 32, 32, 3) and x_test.shape == (2000, 32, 32, 3)
    assert y_train.shape == (10000, 1) and y_test.shape == (2000, 1)
    assert x_train.dtype == y_train.dtype == np.uint8
    assert y_train.min() == 0 and y_train.max() == 9
    assert len(data.CIFAR10_CLASSES) == 10 and data.CIFAR10_CLASSES[0] == "avião"


def test_movie_reviews_from_shared_mirror(shared, capsys):
    (x_train, y_train), (x_test, y_test) = data.load_movie_reviews()
    assert len(x_train) + len(x_test) == 10662 and len(x_test) == 1067
    assert x_train.dtype == object and all(isinstance(t, str) for t in x_train[:50])
    assert y_train.dtype == np.int64 and set(np.unique(y_train)) == {0, 1}
    assert abs(int(y_test.sum()) - 1067 / 2) <= 1  # estratificado
    assert all(t == t.strip() and t for t in x_train)
    assert "(espelho)" in capsys.readouterr().out
    (x_again, _), _ = data.load_movie_reviews(verbose=False)
    assert np.array_equal(x_again, x_train)
    (other, _), _ = data.load_movie_reviews(seed=7, verbose=False)
    assert not np.array_equal(other, x_train)
    assert data.SENTIMENT_CLASSES == ("negativa", "positiva")


def test_movie_reviews_sizes(shared):
    (x_train, y_train), (x_test, y_test) = data.load_movie_reviews(1000, 200, verbose=False)
    assert (len(x_train), len(x_test)) == (1000, 200)
    assert y_train.sum() == 500 and y_test.sum() == 100
    (_, _), (x_test, _) = data.load_movie_reviews(test_fraction=0.25, verbose=False)
    assert len(x_test) == 2666
    with pytest.raises(ValueError, match="test_fraction"):
        data.load_movie_reviews(test_fraction=1.5, verbose=False)
    with pytest.raises(TypeError, match="test_fraction"):
        data.load_movie_reviews(test_fraction="0.1", verbose=False)
    with pytest.raises(ValueError, match="só tem 10.662"):
        data.load_movie_reviews(10000, 1000, verbose=False)


def test_fashion_mnist_from_debian_package(monkeypatch, capsys):
    monkeypatch.setattr(data, "SYSTEM_DATA_DIR", DEBIAN_DATA)
    (x_train, y_train), (x_test, y_test) = data.load_fashion_mnist()
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert y_train.shape == (60000,) and y_test.shape == (10000,)
    assert x_train.dtype == y_train.dtype == np.uint8 and x_train.flags.writeable
    assert np.array_equal(np.bincount(y_train), [6000] * 10)
    assert np.array_equal(np.bincount(y_test), [1000] * 10)
    assert capsys.readouterr().out == ("Fashion-MNIST: 60.000 treino + 10.000 teste, lido de "
                                       f"{DEBIAN_DATA / 'fashion-mnist'} (espelho)\n")
    assert data.FASHION_MNIST_CLASSES[0] == "Camiseta/top" and len(data.FASHION_MNIST_CLASSES) == 10


# ---------------------------------------------------------------------------------------------
# Ordem de busca, formatos de espelho, describe_sources
# ---------------------------------------------------------------------------------------------

def test_mirror_dirs_order_follows_environment(places, monkeypatch):
    assert data.mirror_dirs() == [places.mirror, data.REPO_DATA_DIR, data.SYSTEM_DATA_DIR]
    monkeypatch.delenv("COURSE_DATA_DIR")
    assert data.mirror_dirs() == [data.REPO_DATA_DIR, data.SYSTEM_DATA_DIR]
    assert data.cache_dir() == places.cache
    monkeypatch.delenv("COURSE_CACHE_DIR")
    assert data.cache_dir() == Path.home() / ".cache" / "redes-neurais-keras"


def test_first_mirror_wins_and_cache_comes_last(places, capsys):
    first, second = small_split(n_train=20), small_split(n_train=30)
    data.REPO_DATA_DIR.mkdir()
    (data.REPO_DATA_DIR / "mnist.npz").write_bytes(npz_bytes(**first))
    places.cache.mkdir()
    (places.cache / "mnist.npz").write_bytes(npz_bytes(**second))
    assert_same(data.load_mnist(), first)
    assert f"{data.REPO_DATA_DIR / 'mnist.npz'} (espelho" in capsys.readouterr().out
    (data.REPO_DATA_DIR / "mnist.npz").unlink()
    assert_same(data.load_mnist(), second)
    assert "(cache" in capsys.readouterr().out


def test_fashion_npz_and_gz_mirror_formats(places):
    arrays = small_split()
    (places.mirror / "fashion-mnist").mkdir()
    for name, body in fashion_files(arrays).items():
        (places.mirror / "fashion-mnist" / name).write_bytes(body)
    assert_same(data.load_fashion_mnist(verbose=False), arrays)
    other = small_split(n_train=40)
    (places.mirror / "fashion_mnist.npz").write_bytes(npz_bytes(**other))  # .npz tem preferência
    assert_same(data.load_fashion_mnist(verbose=False), other)


def test_movie_reviews_mirror_accepts_cp1252(places, monkeypatch):
    folder = places.mirror / "rt-polaritydata"
    folder.mkdir()
    (folder / "rt-polarity.pos").write_bytes(MR_POS.encode("cp1252"))
    (folder / "rt-polarity.neg").write_bytes(MR_NEG.encode("utf-8"))
    monkeypatch.setitem(data.SOURCES, "movie_reviews", dataclasses.replace(
        data.SOURCES["movie_reviews"], content_sha256=mr_hashes()))
    (x_train, y_train), (x_test, y_test) = data.load_movie_reviews(n_test=4, verbose=False)
    texts = dict(zip(np.concatenate([x_train, x_test]), np.concatenate([y_train, y_test]),
                     strict=True))
    assert texts == {MR_POS.split("\n")[0].strip(): 1, MR_NEG.split("\n")[0].strip(): 0}


def test_movie_reviews_content_hash_is_enforced(places):
    folder = places.mirror / "rt-polaritydata"
    folder.mkdir()
    (folder / "rt-polarity.pos").write_text(MR_POS)
    (folder / "rt-polarity.neg").write_text(MR_NEG)
    with pytest.raises(data.CorruptDataError, match="rt-polarity.neg: o texto tem sha256"):
        data.load_movie_reviews(verbose=False)


def test_imdb_from_mirror_folder(places, capsys):
    for name, body in imdb_members().items():
        (places.mirror / name).parent.mkdir(parents=True, exist_ok=True)
        (places.mirror / name).write_bytes(body)
    (x_train, y_train), (x_test, y_test) = data.load_imdb_reviews()
    assert x_train.dtype == object and y_train.dtype == np.int64
    assert y_train.tolist() == [0] * 6 + [1] * 6 and len(x_test) == 12
    assert x_train[0] == "0" and x_train[1] == "train neg 1<br /><br />ótimo? Não."
    assert x_train[6] == "0"  # positivas depois das negativas, pelo número do arquivo
    assert "IMDB: 12 treino + 12 teste" in capsys.readouterr().out
    (x_sub, y_sub), _ = data.load_imdb_reviews(n_train=4, verbose=False)
    assert sorted(y_sub.tolist()) == [0, 0, 1, 1]


def test_imdb_file_that_is_not_utf8_is_refused(places):
    for name, body in imdb_members().items():
        (places.mirror / name).parent.mkdir(parents=True, exist_ok=True)
        (places.mirror / name).write_bytes(body)
    bad = places.mirror / "aclImdb" / "test" / "pos" / "3_9.txt"
    bad.write_bytes("crítica".encode("latin-1"))
    with pytest.raises(data.CorruptDataError, match=f"{bad}: não é texto UTF-8"):
        data.load_imdb_reviews(verbose=False)


def test_describe_sources(places, monkeypatch, capsys):
    (places.mirror / "mnist.npz").write_bytes(npz_bytes(**small_split()))
    places.cache.mkdir()
    (places.cache / "cifar10.npz").write_bytes(b"ainda nao conferido")
    (places.mirror / "aclImdb").mkdir()  # incompleto
    rows = {row["name"]: row for row in data.describe_sources()}
    assert list(rows) == ["mnist", "fashion_mnist", "cifar10", "movie_reviews", "imdb_reviews"]
    assert rows["mnist"]["source"] == "espelho"
    assert rows["mnist"]["path"] == str(places.mirror / "mnist.npz")
    assert rows["cifar10"]["source"] == "cache"
    assert rows["fashion_mnist"]["source"] == "download necessário"
    assert rows["fashion_mnist"]["path"].startswith("https://storage.googleapis.com/")
    assert rows["imdb_reviews"]["source"] == "erro" and "incompleto" in rows["imdb_reviews"]["path"]
    out = capsys.readouterr().out
    assert "Ordem de busca" in out and "download necessário" in out


# ---------------------------------------------------------------------------------------------
# Arquivos ruins num espelho: erro claro, nunca troca silenciosa por outra fonte
# ---------------------------------------------------------------------------------------------

def _object_array():
    return np.array([np.zeros(3), "x"], dtype=object)


def _bad_npz(case):
    arrays = small_split()
    if case == "lixo":
        return b"isto nao e um npz" * 100
    if case == "truncado":
        return npz_bytes(**arrays)[:3000]
    if case == "objetos":
        arrays["x_train"] = _object_array()
    elif case == "chave":
        del arrays["y_test"]
    elif case == "forma":
        arrays["x_train"] = arrays["x_train"].reshape(-1, 28 * 28)
    elif case == "tipo":
        arrays["y_train"] = arrays["y_train"].astype(np.int64)
    elif case == "rotulo":
        arrays["y_test"][0] = 10
    elif case == "tamanho":
        arrays["y_train"] = arrays["y_train"][:-1]
    return npz_bytes(**arrays)


@pytest.mark.parametrize("case, message", [
    ("lixo", "não é um arquivo .npz válido"), ("truncado", "corrompido ou truncado"),
    ("objetos", "pickle"), ("chave", r"falta\(m\) a\(s\) chave\(s\) y_test"),
    ("forma", r"formas \(60, 784\)"), ("tipo", "tipos uint8/int64"),
    ("rotulo", "rótulos entre 0 e 10"), ("tamanho", "formas"),
])
def test_bad_npz_in_mirror_is_refused_without_fallback(places, case, message):
    bad = places.mirror / "mnist.npz"
    bad.write_bytes(_bad_npz(case))
    places.cache.mkdir()
    (places.cache / "mnist.npz").write_bytes(npz_bytes(**small_split()))  # existe, mas não vale
    with pytest.raises(data.CorruptDataError, match=message) as error:
        data.load_mnist(verbose=False)
    assert str(bad) in str(error.value)


def test_bad_fashion_gz_files_are_refused(places):
    folder = places.mirror / "fashion-mnist"
    folder.mkdir()
    files = fashion_files(small_split())
    for name, body in files.items():
        (folder / name).write_bytes(body)
    target = folder / "train-images-idx3-ubyte.gz"
    target.write_bytes(files[target.name][:-20])
    with pytest.raises(data.CorruptDataError, match="gzip corrompido ou truncado"):
        data.load_fashion_mnist(verbose=False)
    target.write_bytes(gzip.compress(gzip.decompress(files[target.name])[:-5]))
    with pytest.raises(data.CorruptDataError, match="não é um arquivo IDX"):
        data.load_fashion_mnist(verbose=False)
    target.unlink()
    with pytest.raises(data.CorruptDataError,
                       match="(?s)incompleto.*train-images.*Nada foi carregado"):
        data.load_fashion_mnist(verbose=False)


# ---------------------------------------------------------------------------------------------
# Subconjuntos: tamanhos válidos, estratificação e reprodutibilidade
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, error, message", [
    (1.5, TypeError, "inteiro"), ("10", TypeError, "inteiro"), (True, TypeError, "inteiro"),
    (10.0, TypeError, "inteiro"), (0, ValueError, "positivo"), (-3, ValueError, "positivo"),
])
def test_invalid_sizes_are_rejected_before_loading(value, error, message):
    for loader in (data.load_mnist, data.load_movie_reviews, data.load_imdb_reviews):
        with pytest.raises(error, match=f"n_train.*{message}"):
            loader(n_train=value)
        with pytest.raises(error, match=f"n_test.*{message}"):
            loader(n_test=value)


def test_sizes_must_fit_the_data(shared):
    with pytest.raises(ValueError, match=f"n_train=5.001 é maior que o disponível: MNIST em "
                                         f"{shared / 'mnist.npz'} tem 5.000"):
        data.load_mnist(n_train=5001, verbose=False)
    with pytest.raises(ValueError, match="n_test=5: .* de 10 a 9.990"):
        data.load_mnist(n_test=5, verbose=False)
    with pytest.raises(ValueError, match="n_train=4.995: .* de 10 a 4.990"):
        data.load_mnist(n_train=4995, verbose=False)


def test_subsets_are_stratified_and_reproducible(shared, capsys):
    (x_train, y_train), (x_test, y_test) = data.load_cifar10(n_train=1234, n_test=321)
    assert x_train.shape == (1234, 32, 32, 3) and y_train.shape == (1234, 1)
    assert y_test.shape == (321, 1)
    assert np.all(np.abs(np.bincount(y_train.ravel()) - 123.4) <= 1)
    assert np.all(np.abs(np.bincount(y_test.ravel()) - 32.1) <= 1)
    assert "1.234 treino + 321 teste (amostra estratificada, semente 42, de 10.000 + 2.000)" in (
        capsys.readouterr().out)
    (again, y_again), _ = data.load_cifar10(n_train=1234, n_test=321, verbose=False)
    assert np.array_equal(again, x_train) and np.array_equal(y_again, y_train)
    (other, _), _ = data.load_cifar10(n_train=1234, n_test=321, seed=1, verbose=False)
    assert not np.array_equal(other, x_train)
    (_, _), (_, y_full_test) = data.load_mnist(verbose=False)
    _, (_, y_sub) = data.load_mnist(n_test=np.int64(777), verbose=False)
    expected = np.bincount(y_full_test) * 777 / len(y_full_test)
    assert np.all(np.abs(np.bincount(y_sub) - expected) <= 1)


def test_full_size_request_keeps_upstream_order(shared):
    (x_all, _), _ = data.load_mnist(verbose=False)
    (x_same, _), _ = data.load_mnist(n_train=5000, verbose=False)
    assert np.array_equal(x_all, x_same)


def test_verbose_false_prints_nothing(shared, capsys):
    data.load_mnist(n_train=100, verbose=False)
    data.load_movie_reviews(verbose=False)
    assert capsys.readouterr() == ("", "")


# ---------------------------------------------------------------------------------------------
# Downloads contra o servidor local (caminho real: urllib)
# ---------------------------------------------------------------------------------------------

def test_download_mnist_fills_cache_then_cache_is_used(places, publish, capsys):
    arrays = small_split()
    server = publish("mnist", {"mnist.npz": npz_bytes(**arrays)})
    assert_same(data.load_mnist(), arrays)
    assert f"baixado agora de {server.base}mnist.npz para o cache" in capsys.readouterr().out
    assert [p.name for p in cache_entries(places.cache)] == ["mnist.npz"]
    server.httpd.routes.clear()  # sem servidor: agora vem do cache
    assert_same(data.load_mnist(), arrays)
    assert f"lido de {places.cache / 'mnist.npz'} (cache" in capsys.readouterr().out


def test_download_fashion_mnist_gz_files(places, publish):
    arrays = small_split()
    publish("fashion_mnist", fashion_files(arrays))
    assert_same(data.load_fashion_mnist(verbose=False), arrays)
    assert sorted(p.name for p in (places.cache / "fashion-mnist").iterdir()) == sorted(
        data._FASHION_FILES.values())


def test_download_cifar10_converts_pickled_batches_to_npz(places, publish):
    arrays = small_split((32, 32, 3), (1,), n_train=50, n_test=20)
    publish("cifar10", {"cifar-10-python.tar.gz": cifar_tar(arrays)})
    assert_same(data.load_cifar10(verbose=False), arrays)
    assert [p.name for p in cache_entries(places.cache)] == ["cifar10.npz"]
    with np.load(places.cache / "cifar10.npz", allow_pickle=False) as npz:
        assert np.array_equal(npz["y_train"], arrays["y_train"])


def test_download_movie_reviews_checks_content_hash(places, publish):
    publish("movie_reviews", {"rt-polaritydata.tar.gz": mr_tar()}, content_sha256=mr_hashes(),
            file_sha=False)
    (x_train, _), (x_test, _) = data.load_movie_reviews(n_test=4, verbose=False)
    assert len(x_train) + len(x_test) == 24
    assert {p.name for p in (places.cache / "rt-polaritydata").iterdir()} == {
        "rt-polarity.pos", "rt-polarity.neg"}


def test_download_movie_reviews_with_wrong_content_is_discarded(places, publish):
    publish("movie_reviews", {"rt-polaritydata.tar.gz": mr_tar(pos=MR_POS[:-10])},
            content_sha256=mr_hashes(), file_sha=False)
    with pytest.raises(data.CorruptDataError, match="rt-polarity.pos: o texto tem sha256"):
        data.load_movie_reviews(verbose=False)
    assert cache_entries(places.cache) == []


def test_download_imdb_extracts_only_labelled_reviews(places, publish):
    publish("imdb_reviews", {"aclImdb_v1.tar.gz": tar_gz(imdb_members())})
    (x_train, y_train), (x_test, _) = data.load_imdb_reviews(verbose=False)
    assert len(x_train) == len(x_test) == 12 and y_train.sum() == 6
    assert not (places.cache / "aclImdb" / "train" / "unsup").exists()
    assert not list(places.cache.glob("*.tar.gz")) and not list(places.cache.glob(".*"))


def test_base_url_environment_variable_redirects_downloads(places, publish, monkeypatch):
    arrays = small_split()
    server = publish("mnist", {"mnist.npz": npz_bytes(**arrays)})
    remote = data.SOURCES["mnist"].files[0]
    official = data.RemoteFile("https://example.invalid/pasta/mnist.npz", remote.sha256)
    monkeypatch.setitem(data.SOURCES, "mnist", data.Source((official,)))
    monkeypatch.setenv("COURSE_DOWNLOAD_BASE_URL", server.base)
    assert_same(data.load_mnist(verbose=False), arrays)


def test_wrong_sha256_is_discarded(places, publish, monkeypatch):
    publish("mnist", {"mnist.npz": npz_bytes(**small_split())})
    remote = data.SOURCES["mnist"].files[0]
    monkeypatch.setitem(data.SOURCES, "mnist",
                        data.Source((data.RemoteFile(remote.url, "0" * 64),)))
    with pytest.raises(data.CorruptDataError, match="sha256 .* mas o publicado é 0000"):
        data.load_mnist(verbose=False)
    assert cache_entries(places.cache) == []


def test_truncated_transfer_leaves_nothing(places, publish):
    server = publish("mnist", {"mnist.npz": npz_bytes(**small_split())})
    server.httpd.truncated.add("/mnist.npz")
    with pytest.raises(data.DatasetUnavailableError, match="Download incompleto") as error:
        data.load_mnist(verbose=False)
    assert isinstance(error.value.__cause__, data.DownloadError)
    assert cache_entries(places.cache) == []


def test_valid_hash_but_invalid_content_is_not_kept(places, publish):
    publish("mnist", {"mnist.npz": npz_bytes(**dict(small_split(), x_train=_object_array()))})
    with pytest.raises(data.CorruptDataError, match="pickle"):
        data.load_mnist(verbose=False)
    assert cache_entries(places.cache) == []


def _link(name, kind, target="/etc/passwd"):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info


@pytest.mark.parametrize("members, extra, message", [
    ({"aclImdb/../../fora.txt": b"x"}, (), "'..'"),
    ({"/tmp/absoluto.txt": b"x"}, (), "caminho absoluto"),
    ({}, (_link("aclImdb/train/pos/9_9.txt", tarfile.SYMTYPE),), "link"),
    ({}, (_link("aclImdb/train/pos/9_9.txt", tarfile.LNKTYPE),), "link"),
    ({}, (_link("aclImdb/dispositivo", tarfile.CHRTYPE),), "dispositivo"),
])
def test_dangerous_tar_members_are_refused(places, publish, tmp_path, members, extra, message):
    archive = tar_gz({**imdb_members(2), **members}, extra)
    publish("imdb_reviews", {"aclImdb_v1.tar.gz": archive})
    with pytest.raises(data.CorruptDataError, match=f"Extração recusada.*{message}"):
        data.load_imdb_reviews(verbose=False)
    assert cache_entries(places.cache) == []
    assert not (tmp_path / "fora.txt").exists() and not Path("/tmp/absoluto.txt").exists()


def test_truncated_archive_is_refused(places, publish):
    archive = tar_gz(imdb_members())
    publish("imdb_reviews", {"aclImdb_v1.tar.gz": archive[: len(archive) // 2]})
    with pytest.raises(data.CorruptDataError, match="tar corrompido, truncado"):
        data.load_imdb_reviews(verbose=False)
    assert cache_entries(places.cache) == []


@pytest.fixture
def silent_server():
    """Aceita conexões (pela fila do sistema) e nunca responde."""
    with socket.create_server(("127.0.0.1", 0)) as sock:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/"


def test_server_that_never_answers_times_out(places, monkeypatch, silent_server):
    monkeypatch.setenv("COURSE_DOWNLOAD_TIMEOUT", "1")
    monkeypatch.setitem(data.SOURCES, "mnist",
                        data.Source((data.RemoteFile(silent_server + "mnist.npz", "0" * 64),)))
    start = time.monotonic()
    with pytest.raises(data.DatasetUnavailableError, match="sem resposta do servidor em 1 s"):
        data.load_mnist(verbose=False)
    assert time.monotonic() - start < 10
    assert cache_entries(places.cache) == []


def _closed_port_url():
    with socket.create_server(("127.0.0.1", 0)) as sock:
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def test_no_mirror_and_no_network_names_places_and_commands(places, monkeypatch):
    url = _closed_port_url() + "cifar-10-python.tar.gz"
    monkeypatch.setitem(data.SOURCES, "cifar10", data.Source((data.RemoteFile(url, "0" * 64),)))
    with pytest.raises(data.DatasetUnavailableError) as error:
        data.load_cifar10()
    message = str(error.value)
    assert isinstance(error.value, RuntimeError)
    for expected in ("CIFAR-10 (cifar10) não está disponível", "cifar10.npz", str(places.mirror),
                     str(data.REPO_DATA_DIR), str(data.SYSTEM_DATA_DIR), str(places.cache),
                     "conexão recusada", "python -m utils.data download cifar10",
                     "python -m utils.data export cifar10 --to DIR", "COURSE_DATA_DIR=DIR"):
        assert expected in message
    assert cache_entries(places.cache) == []


def test_http_error_is_reported(places, publish, monkeypatch):
    server = publish("mnist", {})
    monkeypatch.setitem(data.SOURCES, "mnist",
                        data.Source((data.RemoteFile(server.base + "sumiu.npz", None),)))
    with pytest.raises(data.DatasetUnavailableError, match="HTTP 404"):
        data.load_mnist(verbose=False)


def test_unwritable_cache_is_reported(places, monkeypatch, tmp_path):
    blocker = tmp_path / "arquivo-no-lugar-do-cache"
    blocker.write_text("x")
    monkeypatch.setenv("COURSE_CACHE_DIR", str(blocker))
    with pytest.raises(data.DatasetUnavailableError, match="Não foi possível gravar no cache"):
        data.load_mnist(verbose=False)


class _InterruptingBar:
    """Barra de progresso que simula Ctrl+C depois do primeiro bloco recebido."""

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n):
        raise KeyboardInterrupt


def test_keyboard_interrupt_leaves_no_partial_file(places, publish, monkeypatch):
    publish("mnist", {"mnist.npz": npz_bytes(**small_split())})
    monkeypatch.setattr(_download, "tqdm", _InterruptingBar)
    with pytest.raises(KeyboardInterrupt):
        data.load_mnist(verbose=False)
    assert cache_entries(places.cache) == []


def test_download_command_in_process(places, publish, capsys):
    server = publish("mnist", {"mnist.npz": npz_bytes(**small_split())})
    assert data.main(["download", "mnist"]) == 0
    assert "OK   mnist: 60 treino + 30 teste" in capsys.readouterr().out
    assert data.main(["download", "mnist"]) == 0
    assert "já está no cache" in capsys.readouterr().out
    server.httpd.routes.clear()  # o servidor não tem mais o arquivo
    assert data.main(["download", "mnist", "--force", "--timeout", "2"]) == 1
    assert "ERRO mnist" in capsys.readouterr().err
    assert (places.cache / "mnist.npz").is_file()  # o que já estava no cache continua lá
