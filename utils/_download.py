"""Fontes oficiais e encanamento de arquivos de `utils.data`.

Aqui ficam a tabela `SOURCES` (URL e sha256 de cada conjunto), o download para uma pasta de
trabalho (`fetch`) e as peças genéricas: HTTP, sha256, escrita atômica, tar seguro e leitura dos
formatos brutos (npz sem pickle, IDX comprimido, lotes do CIFAR-10). `utils.data` decide onde
procurar, valida o conteúdo e põe o resultado no cache. Regras seguidas por todas as funções:

- downloads usam só a biblioteca padrão (`urllib`), com tempo limite, barra de progresso e
  conferência de sha256 ANTES de o arquivo ser guardado ou usado;
- tudo é escrito primeiro num arquivo ou pasta temporária na mesma pasta do destino e só então
  movido com `os.replace`: uma falha (inclusive Ctrl+C) nunca deixa arquivo pela metade;
- a extração de tar recusa caminhos absolutos, `..`, links e dispositivos.
"""

from __future__ import annotations

import contextlib
import fnmatch
import gzip
import hashlib
import http.client
import math
import os
import pickle
import re
import shutil
import socket
import tarfile
import tempfile
import urllib.error
import urllib.request
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import numpy as np
from tqdm.auto import tqdm

CHUNK_SIZE = 1 << 16

# Substitui o prefixo (esquema, servidor e pasta) de toda URL oficial: com
# COURSE_DOWNLOAD_BASE_URL=http://192.168.0.10:8000/ o arquivo .../mnist.npz é pedido em
# http://192.168.0.10:8000/mnist.npz. Serve para um servidor local da sala de aula com cópias
# idênticas dos arquivos oficiais (o sha256 continua sendo conferido) e para os testes.
BASE_URL_ENV = "COURSE_DOWNLOAD_BASE_URL"


# ---------------------------------------------------------------------------------------------
# Fontes oficiais (uma tabela só; os testes trocam URL e sha256 por um servidor local)
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RemoteFile:
    """Um arquivo oficial: URL e sha256 publicado (None se não houver hash do arquivo)."""

    url: str
    sha256: str | None


@dataclass(frozen=True)
class Source:
    """Origem oficial de um conjunto. `content_sha256` guarda, por nome de arquivo, o sha256 do
    CONTEÚDO (texto normalizado para UTF-8) de arquivos extraídos, quando o arquivo baixado não
    tem hash publicado."""

    files: tuple[RemoteFile, ...]
    content_sha256: Mapping[str, str] = field(default_factory=dict)


_KERAS = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
SOURCES: dict[str, Source] = {
    "mnist": Source((RemoteFile(_KERAS + "mnist.npz",
                                "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"),)),
    # Os mesmos arquivos do repositório oficial do Fashion-MNIST (zalandoresearch).
    "fashion_mnist": Source(tuple(RemoteFile(_KERAS + name, sha) for name, sha in (
        ("train-images-idx3-ubyte.gz",
         "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
        ("train-labels-idx1-ubyte.gz",
         "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
        ("t10k-images-idx3-ubyte.gz",
         "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
        ("t10k-labels-idx1-ubyte.gz",
         "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"),
    ))),
    "cifar10": Source((RemoteFile(
        "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
        "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"),)),
    # O MR não publica hash do .tar.gz. Os valores abaixo são hashes de CONTEÚDO: sha256 do texto
    # de cada arquivo extraído, decodificado (UTF-8, senão cp1252) e recodificado em UTF-8. São
    # iguais para o arquivo oficial (cp1252) e para um espelho em UTF-8.
    "movie_reviews": Source(
        (RemoteFile("https://www.cs.cornell.edu/people/pabo/movie-review-data/"
                    "rt-polaritydata.tar.gz", None),),
        content_sha256={
            "rt-polarity.pos": "4134882974a28d0c7b5151256f0e33a6169984ee7372c279e673f1114f475d58",
            "rt-polarity.neg": "2d11cfbc790f1cd96d78339f41ce53ced1efa83cd22d37d6788fa3fe3d17e2fd",
        }),
    "imdb_reviews": Source((RemoteFile(
        "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz",
        "c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe"),)),
}


# ---------------------------------------------------------------------------------------------
# Erros e peças genéricas
# ---------------------------------------------------------------------------------------------

class DownloadError(RuntimeError):
    """O download não pôde ser concluído (sem rede, sem resposta, HTTP de erro, transferência
    incompleta). Nada foi gravado."""


class CorruptDataError(RuntimeError):
    """Um arquivo de dados está corrompido, truncado, em formato inesperado ou tem sha256
    diferente do publicado. O arquivo não é usado."""


def sha256_bytes(data: bytes) -> str:
    """sha256 (hexadecimal) de um bloco de bytes."""
    return hashlib.sha256(data).hexdigest()


def decode_text(raw: bytes) -> str:
    """Decodifica texto em UTF-8; se não for UTF-8 válido, em cp1252 (o Latin-1 do Windows,
    usado no arquivo oficial do MR) e, em último caso, em Latin-1 (que aceita qualquer byte)."""
    for encoding in ("utf-8", "cp1252"):
        with contextlib.suppress(UnicodeDecodeError):
            return raw.decode(encoding)
    return raw.decode("latin-1")


def resolve_url(url: str) -> str:
    """Aplica `COURSE_DOWNLOAD_BASE_URL`, se definida, trocando tudo antes do nome do arquivo."""
    base = os.environ.get(BASE_URL_ENV, "").strip()
    if not base:
        return url
    return base.rstrip("/") + "/" + url.rsplit("/", 1)[-1]


@contextlib.contextmanager
def atomic_file(dest: Path) -> Iterator[Path]:
    """Entrega um caminho temporário ao lado de `dest`; se o bloco terminar sem erro, o arquivo
    vira `dest` com `os.replace` (atômico); se falhar por qualquer motivo, ele é apagado."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def move_into_place(src: Path, dest: Path) -> None:
    """Move o arquivo ou a pasta `src` para `dest` (mesmo sistema de arquivos), substituindo o que
    houver lá. Pastas: a antiga é afastada com um nome temporário e só apagada depois da troca."""
    if src.is_file() or not dest.exists():
        if dest.is_dir():
            shutil.rmtree(dest)
        os.replace(src, dest)
        return
    old = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.antigo."))
    os.replace(dest, old / dest.name)
    os.replace(src, dest)
    shutil.rmtree(old, ignore_errors=True)


def _network_error(url: str, error: BaseException, timeout: float) -> DownloadError:
    """Traduz as exceções de rede do urllib para uma mensagem em português."""
    reason = getattr(error, "reason", error)
    if isinstance(error, urllib.error.HTTPError):
        text = f"o servidor respondeu HTTP {error.code} ({error.reason})"
    elif isinstance(reason, TimeoutError):
        text = f"sem resposta do servidor em {timeout:g} s"
    elif isinstance(reason, ConnectionRefusedError):
        text = "conexão recusada"
    elif isinstance(reason, socket.gaierror):
        text = f"servidor não encontrado, provavelmente sem internet ({reason})"
    else:
        text = f"erro de rede ou de disco: {reason}"
    return DownloadError(f"Não foi possível baixar {url}: {text}.")


def download(url: str, dest: Path, sha256: str | None, *, timeout: float,
             progress: bool = True) -> Path:
    """Baixa `url` para `dest` e devolve `dest`.

    `timeout` (segundos) vale para a conexão e para cada leitura: um servidor mudo não trava a
    máquina. Falha de rede ou transferência incompleta: `DownloadError`. Se `sha256` for dado e
    não conferir: `CorruptDataError`. Em qualquer falha (inclusive Ctrl+C) nada fica gravado.
    """
    url = resolve_url(url)
    with atomic_file(dest) as tmp:
        digest, received, expected = hashlib.sha256(), 0, None
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response, \
                    open(tmp, "wb") as out:
                expected = int(response.headers.get("Content-Length") or 0) or None
                with tqdm(total=expected, unit="B", unit_scale=True, desc=dest.name,
                          disable=not progress, leave=False) as bar:
                    while chunk := response.read(CHUNK_SIZE):
                        out.write(chunk)
                        digest.update(chunk)
                        received += len(chunk)
                        bar.update(len(chunk))
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
            raise _network_error(url, error, timeout) from error
        if expected is not None and received != expected:
            raise DownloadError(f"Download incompleto de {url}: recebidos {received} de "
                                f"{expected} bytes (a conexão caiu). Nada foi gravado; tente de "
                                "novo.")
        if sha256 is not None and digest.hexdigest() != sha256:
            raise CorruptDataError(f"O arquivo baixado de {url} tem sha256 {digest.hexdigest()}, "
                                   f"mas o publicado é {sha256}. Ele foi descartado: o download "
                                   "veio corrompido ou o servidor não entregou o arquivo oficial.")
    return dest


def _member_problem(member: tarfile.TarInfo) -> str | None:
    """Diz por que um membro de tar é perigoso, ou None se ele for um arquivo/pasta comum."""
    path = PurePosixPath(member.name)
    if path.is_absolute() or member.name.startswith("\\") or re.match(r"[A-Za-z]:", member.name):
        return "caminho absoluto"
    if ".." in path.parts or ".." in member.name.split("\\"):
        return "caminho com '..' que sairia da pasta de destino"
    if member.issym() or member.islnk():
        return "link simbólico ou físico"
    if member.isdev():
        return "dispositivo ou FIFO"
    if not (member.isfile() or member.isdir()):
        return "tipo de membro não suportado"
    return None


def extract_tar(archive: Path, dest: Path, keep: Callable[[str], bool], *,
                progress: bool = True) -> None:
    """Extrai de `archive` (.tar.gz) para a pasta `dest` os arquivos cujo nome satisfaz `keep`.

    Todos os membros são conferidos (não só os extraídos); um membro perigoso aborta tudo com
    `CorruptDataError`. Além da nossa conferência, `tarfile` aplica o filtro "data". O gzip é
    lido até o fim, para que um arquivo truncado seja detectado. Quem chama deve passar uma pasta
    temporária e só movê-la para o lugar definitivo se tudo der certo.
    """
    try:
        with open(archive, "rb") as raw, gzip.GzipFile(fileobj=raw) as unzipped, \
                tarfile.open(fileobj=unzipped, mode="r|") as tar, \
                tqdm(total=archive.stat().st_size, unit="B", unit_scale=True, leave=False,
                     desc=f"extraindo {archive.name}", disable=not progress) as bar:
            for member in tar:
                problem = _member_problem(member)
                if problem:
                    raise CorruptDataError(f"Extração recusada: {archive} contém o membro "
                                           f"{member.name!r} ({problem}).")
                if member.isfile() and keep(member.name):
                    tar.extract(member, dest, filter="data")
                bar.update(raw.tell() - bar.n)
            while unzipped.read(CHUNK_SIZE):  # até o fim do gzip: acusa truncamento e CRC
                pass
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise CorruptDataError(f"{archive}: arquivo tar corrompido, truncado ou recusado "
                               f"({error}).") from error


def fetch_archive(url: str, sha256: str | None, work: Path, patterns: Sequence[str], *,
                  timeout: float, progress: bool) -> Path:
    """Baixa um .tar.gz para `work` (sha256 conferido), extrai só os membros que casam com algum
    dos `patterns` (fnmatch, p. ex. "aclImdb/train/pos/*.txt") e apaga o .tar.gz. Devolve a pasta
    de topo dos padrões, dentro de `work`."""
    archive = download(url, work / url.rsplit("/", 1)[-1], sha256, timeout=timeout,
                       progress=progress)

    def keep(member: str) -> bool:
        name = "/".join(part for part in PurePosixPath(member).parts if part != ".")
        return any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)

    extract_tar(archive, work, keep, progress=progress)
    archive.unlink()
    top = work / PurePosixPath(patterns[0]).parts[0]
    if not top.is_dir():
        raise CorruptDataError(f"{url}: o arquivo baixado não contém {', '.join(patterns)}.")
    return top


def read_npz(path: Path, keys: Sequence[str]) -> dict[str, np.ndarray]:
    """Lê as chaves `keys` de um .npz, sem pickle (allow_pickle=False)."""
    if not zipfile.is_zipfile(path):
        raise CorruptDataError(f"{path} não é um arquivo .npz válido (corrompido ou truncado).")
    try:
        with np.load(path, allow_pickle=False) as npz:
            missing = [key for key in keys if key not in npz.files]
            if missing:
                raise CorruptDataError(f"{path}: falta(m) a(s) chave(s) {', '.join(missing)}; "
                                       f"são necessárias {', '.join(keys)}.")
            return {key: npz[key] for key in keys}
    except ValueError as error:
        if "pickle" in str(error):
            raise CorruptDataError(f"{path}: contém arrays de objetos Python, que só abririam com "
                                   "pickle (recusado por segurança: allow_pickle=False). Regrave-o "
                                   "com arrays numéricos.") from error
        raise CorruptDataError(f"{path}: conteúdo inválido ({error}).") from error
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as error:
        raise CorruptDataError(f"{path}: arquivo .npz corrompido ou truncado ({error}).") from error


def read_idx_gz(path: Path, ndim: int) -> np.ndarray:
    """Lê um arquivo IDX uint8 comprimido com gzip (formato original do MNIST/Fashion-MNIST)."""
    try:
        with gzip.open(path, "rb") as file:
            raw = file.read()
    except (OSError, EOFError, zlib.error) as error:
        raise CorruptDataError(f"{path}: arquivo gzip corrompido ou truncado ({error}).") from error
    header = 4 + 4 * ndim
    dims = tuple(int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    if raw[:4] != bytes([0, 0, 8, ndim]) or len(raw) != header + math.prod(dims):
        raise CorruptDataError(f"{path}: não é um arquivo IDX uint8 de {ndim} dimensão(ões) "
                               f"completo (forma no cabeçalho {dims}, {len(raw)} bytes).")
    return np.frombuffer(raw, np.uint8, offset=header).reshape(dims).copy()


def _cifar_batch(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Lê um lote oficial do CIFAR-10: imagens (n, 32, 32, 3) e rótulos (n,), uint8."""
    # SEGURANÇA: os lotes oficiais são pickles, e abrir um pickle pode executar código. Esta
    # função só é chamada depois que o sha256 do .tar.gz conferiu com o valor publicado; o
    # resultado é regravado como .npz e, dali em diante, lido com np.load(allow_pickle=False).
    try:
        with open(path, "rb") as file:
            batch = pickle.load(file, encoding="bytes")
        images = np.asarray(batch[b"data"], dtype=np.uint8).reshape(-1, 3, 32, 32)
        labels = np.asarray(batch[b"labels"], dtype=np.uint8)
    except (OSError, EOFError, KeyError, TypeError, ValueError, OverflowError,
            pickle.UnpicklingError) as error:
        raise CorruptDataError(f"{path}: lote do CIFAR-10 ilegível ({error!r}).") from error
    return images.transpose(0, 2, 3, 1), labels


def cifar_batches_to_npz(folder: Path, dest: Path) -> Path:
    """Converte a pasta oficial cifar-10-batches-py (já verificada) em `dest` .npz, no formato do
    keras.datasets: x uint8 (n, 32, 32, 3), y uint8 (n, 1)."""
    arrays = {}
    for split, names in (("train", [f"data_batch_{i}" for i in range(1, 6)]),
                         ("test", ["test_batch"])):
        images, labels = zip(*(_cifar_batch(folder / name) for name in names), strict=True)
        arrays[f"x_{split}"] = np.concatenate(images)
        arrays[f"y_{split}"] = np.concatenate(labels).reshape(-1, 1)
    with atomic_file(dest) as tmp, open(tmp, "wb") as file:
        np.savez(file, **arrays)
    return dest


# ---------------------------------------------------------------------------------------------
# Download de um conjunto inteiro
# ---------------------------------------------------------------------------------------------

# O que se extrai de cada .tar.gz oficial (o resto, como aclImdb/train/unsup, fica de fora).
ARCHIVE_MEMBERS = {
    "cifar10": ("cifar-10-batches-py/*_batch*",),
    "movie_reviews": ("rt-polaritydata/rt-polarity.neg", "rt-polaritydata/rt-polarity.pos"),
    "imdb_reviews": tuple(f"aclImdb/{split}/{polarity}/*.txt" for split in ("train", "test")
                          for polarity in ("neg", "pos")),
}


def fetch(name: str, work: Path, *, timeout: float, progress: bool) -> Path:
    """Baixa o conjunto `name` das fontes de `SOURCES` para a pasta de trabalho `work` e devolve o
    caminho do formato de espelho produzido (mnist.npz, fashion-mnist/, cifar10.npz,
    rt-polaritydata/ ou aclImdb/). Quem chama valida o conteúdo e o põe no lugar definitivo."""
    files, options = SOURCES[name].files, {"timeout": timeout, "progress": progress}
    if name == "mnist":
        return download(files[0].url, work / "mnist.npz", files[0].sha256, **options)
    if name == "fashion_mnist":
        for remote in files:
            download(remote.url, work / "fashion-mnist" / remote.url.rsplit("/", 1)[-1],
                     remote.sha256, **options)
        return work / "fashion-mnist"
    folder = fetch_archive(files[0].url, files[0].sha256, work, ARCHIVE_MEMBERS[name], **options)
    return cifar_batches_to_npz(folder, work / "cifar10.npz") if name == "cifar10" else folder
