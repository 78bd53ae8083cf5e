#!/usr/bin/env bash
# What one libdeflate gzip call costs by body size, at levels 1 and 6 (Docs/BENCHMARKS.md,
# 2026-12-06, eighth session): Debian's libdeflate alone, on bodies shaped like pull rows (two
# random ids a row), the compressor kept between calls as the server keeps it (`GzipDeflater`).
# A small body shows the fixed cost of a call, which no level removes. With BODY (a file, e.g. a
# pull answer inflated from a capture of the load bench), that body at every level 1–9 instead,
# and then with libzstd (a context kept between calls, as `ZstdCompressor` keeps it) at levels
# -1 to 4, the coding the server answers in when a client asks for zstd (tenth session).
#
#   scripts/deflate-call-cost.sh [BODY]
set -euo pipefail
command -v cc >/dev/null || { echo "deflate-call-cost: needs a C compiler (apt-get install gcc)" >&2; exit 69; }
[ -f /usr/include/libdeflate.h ] || { echo "deflate-call-cost: needs libdeflate-dev (make deps)" >&2; exit 69; }
[ -f /usr/include/zstd.h ] || { echo "deflate-call-cost: needs libzstd-dev (make deps)" >&2; exit 69; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/cost.c" <<'C'
#include <libdeflate.h>
#include <zstd.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* One given body at every level: its compressed size and the cost of a call. */
static int one_body(const char *path) {
    FILE *file = fopen(path, "rb");
    if (!file) { perror(path); return 66; }
    char *body = malloc(1 << 22), *out = malloc(1 << 23);
    size_t n = fread(body, 1, 1 << 22, file);
    fclose(file);
    for (int level = 1; level <= 9; level++) {
        struct libdeflate_compressor *c = libdeflate_alloc_compressor(level);
        size_t written = 0;
        int calls = 2000;
        double start = now();
        for (int i = 0; i < calls; i++) written = libdeflate_gzip_compress(c, body, n, out, 1 << 23);
        printf("level %d  %6zu bytes -> %5zu  %7.2f us a call\n", level, n, written, (now() - start) / calls * 1e6);
        libdeflate_free_compressor(c);
    }
    for (int level = -1; level <= 4; level++) {
        if (level == 0) continue;
        ZSTD_CCtx *c = ZSTD_createCCtx();
        ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, level);
        ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
        size_t written = 0;
        int calls = 2000;
        double start = now();
        for (int i = 0; i < calls; i++) written = ZSTD_compress2(c, out, 1 << 23, body, n);
        if (ZSTD_isError(written)) { fprintf(stderr, "zstd: %s\n", ZSTD_getErrorName(written)); return 70; }
        printf("zstd %2d  %6zu bytes -> %5zu  %7.2f us a call\n", level, n, written, (now() - start) / calls * 1e6);
        ZSTD_freeCCtx(c);
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1) return one_body(argv[1]);
    static const size_t sizes[] = {200, 1000, 4000, 16000};
    char *body = malloc(20000);
    char *out = malloc(40000);
    size_t n = 0;
    srand(1);
    while (n < 18000)
        n += sprintf(body + n, "[null,\"%08x%08x%08x%08x\",null,null,\"contact\",\"%08x%08x%08x%08x\",null,"
                               "\"phone\",\"00019a3f2b1c7-0001\",\"+1 555 %04d\"],",
                     rand(), rand(), rand(), rand(), rand(), rand(), rand(), rand(), rand() % 10000);
    for (int level = 1; level <= 6; level += 5) {
        struct libdeflate_compressor *c = libdeflate_alloc_compressor(level);
        for (int s = 0; s < 4; s++) {
            int calls = sizes[s] < 5000 ? 100000 : 20000;
            size_t written = 0;
            double start = now();
            for (int i = 0; i < calls; i++) written = libdeflate_gzip_compress(c, body, sizes[s], out, 40000);
            printf("level %d  %6zu bytes -> %5zu  %6.2f us a call\n", level, sizes[s], written,
                   (now() - start) / calls * 1e6);
        }
        libdeflate_free_compressor(c);
    }
    return 0;
}
C
cc -O2 "$work/cost.c" -o "$work/cost" -ldeflate -lzstd
"$work/cost" "$@"
