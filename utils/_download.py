"""Encanamento de arquivos de `utils.data`: download HTTP, sha256, escrita atômica, tar seguro.

Nada aqui sabe qual conjunto de dados está sendo tratado; `utils.data` decide o que baixar e
como ler. Regras seguidas por todas as funções:

- downloads usam só a biblioteca padrão (`urllib`), com tempo limite, barra de progresso e
  conferência de sha256 ANTES de o arquivo ser guardado ou usado;
- tudo é escrito primeiro num arquivo ou pasta temporária na mesma pasta do destino e só então
  movido com `os.replace`: uma falha (inclusive Ctrl+C) nunca deixa arquivo pela metade;
- a extração de tar recusa caminhos absolutos, `..`, links e dispositivos.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import os
import re
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from tqdm.auto import tqdm

CHUNK_SIZE = 1 << 16

# Substitui o prefixo (esquema, servidor e pasta) de toda URL oficial: com
# COURSE_DOWNLOAD_BASE_URL=http://192.168.0.10:8000/ o arquivo .../mnist.npz é pedido em
# http://192.168.0.10:8000/mnist.npz. Serve para um servidor local da sala de aula com cópias
# idênticas dos arquivos oficiais (o sha256 continua sendo conferido) e para os testes.
BASE_URL_ENV = "COURSE_DOWNLOAD_BASE_URL"


class DownloadError(RuntimeError):
    """O download não pôde ser concluído (sem rede, sem resposta, HTTP de erro, transferência
    incompleta). Nada foi gravado."""


class CorruptDataError(RuntimeError):
    """Um arquivo de dados está corrompido, truncado, em formato inesperado ou tem sha256
    diferente do publicado. O arquivo não é usado."""


def sha256_bytes(data: bytes) -> str:
    """sha256 (hexadecimal) de um bloco de bytes."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """sha256 (hexadecimal) de um arquivo, lido em blocos."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


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
    else:
        text = f"erro de rede ou de disco: {reason}"
    return DownloadError(f"Não foi possível baixar {url}: {text}.")


def download(url: str, dest: Path, sha256: str | None, *, timeout: float,
             progress: bool = True) -> Path:
    """Baixa `url` para `dest` e devolve `dest`.

    `timeout` (segundos) vale para a conexão e para cada leitura: um servidor mudo não trava a
    máquina. Se `sha256` for dado, o conteúdo tem de conferir; senão (ou se a transferência vier
    incompleta) nada é gravado e a exceção é `CorruptDataError` (hash) ou `DownloadError`.
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
    """Extrai de `archive` para a pasta `dest` os arquivos cujo nome satisfaz `keep`.

    Todos os membros são conferidos (não só os extraídos); um membro perigoso aborta tudo com
    `CorruptDataError`. Além da nossa conferência, `tarfile` aplica o filtro "data". Quem chama
    deve passar uma pasta temporária e só movê-la para o lugar definitivo se tudo der certo.
    """
    try:
        with open(archive, "rb") as raw, tarfile.open(fileobj=raw, mode="r|*") as tar, \
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
    except (tarfile.TarError, EOFError, OSError) as error:
        raise CorruptDataError(f"{archive}: arquivo tar corrompido, truncado ou recusado "
                               f"({error}).") from error
