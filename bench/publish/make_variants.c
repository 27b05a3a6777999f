// make_variants: many distinct photo-like JPEGs from a few camera-like bases, fast, for the
// publish benchmark (bench/publish/run.sh).
//
//   make_variants OUT_DIR COUNT FIRST STEP DENOM BASE.jpg...
//
// Writes OUT_DIR/img_NNN.jpg for i = FIRST, FIRST+STEP, ... < COUNT (run one process per core
// with FIRST 0..cores-1 and STEP = cores). Each is base i % nbases decoded at 1/DENOM scale
// (1: the full 24 MP, 2: 6 MP), shifted with wrap-around by an offset of its own, mirrored every
// other round, with its own exposure and contrast and fresh sensor-like noise, then encoded q92
// 4:2:2 like a camera. Every file has pixels of its own, so no two photos share a rendition (the
// host stores renditions by content hash and would send a repeated one only once). A file that
// already exists is kept. Deterministic for a given i. Build: gcc -O3 -o make_variants
// make_variants.c -lturbojpeg
#include <turbojpeg.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    unsigned char* px;
    int w, h;
} Image;

static unsigned char* readFile(const char* path, unsigned long* size) {
    FILE* f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    *size = (unsigned long)ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char* b = malloc(*size);
    if (b && fread(b, 1, *size, f) != *size) { free(b); b = NULL; }
    fclose(f);
    return b;
}

static int decodeBase(tjhandle d, const char* path, int denom, Image* out) {
    unsigned long size = 0;
    unsigned char* jpeg = readFile(path, &size);
    if (!jpeg) { fprintf(stderr, "make_variants: cannot read %s\n", path); return -1; }
    int w, h, sub, cs;
    if (tjDecompressHeader3(d, jpeg, size, &w, &h, &sub, &cs) != 0) { free(jpeg); return -1; }
    out->w = (w + denom - 1) / denom;
    out->h = (h + denom - 1) / denom;
    out->px = malloc((size_t)out->w * out->h * 3);
    const int rc = tjDecompress2(d, jpeg, size, out->px, out->w, 0, out->h, TJPF_RGB, TJFLAG_ACCURATEDCT);
    free(jpeg);
    if (rc != 0) { fprintf(stderr, "make_variants: %s: %s\n", path, tjGetErrorStr2(d)); return -1; }
    return 0;
}

static uint64_t next(uint64_t* s) {   // xorshift64*
    *s ^= *s >> 12; *s ^= *s << 25; *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}

int main(int argc, char** argv) {
    if (argc < 7) {
        fprintf(stderr, "usage: make_variants OUT_DIR COUNT FIRST STEP DENOM BASE.jpg...\n");
        return 2;
    }
    const char* outDir = argv[1];
    const int count = atoi(argv[2]), first = atoi(argv[3]), step = atoi(argv[4]), denom = atoi(argv[5]);
    const int nbases = argc - 6;
    if (count < 0 || first < 0 || step < 1 || (denom != 1 && denom != 2 && denom != 4)) return 2;
    tjhandle d = tjInitDecompress(), c = tjInitCompress();
    Image* bases = calloc((size_t)nbases, sizeof(Image));
    for (int b = 0; b < nbases; ++b)
        if (decodeBase(d, argv[6 + b], denom, &bases[b]) != 0) return 1;
    const Image* b0 = &bases[0];
    unsigned char* px = malloc((size_t)b0->w * b0->h * 3);
    char path[4096];
    for (int i = first; i < count; i += step) {
        snprintf(path, sizeof path, "%s/img_%03d.jpg", outDir, i);
        struct stat st;
        if (stat(path, &st) == 0 && st.st_size > 0) continue;
        const Image* b = &bases[i % nbases];
        const int w = b->w, h = b->h;
        const int dx = (int)(((long)i * 1237) % w), dy = (int)(((long)i * 829) % h);
        const int mirror = (i / nbases) % 2;
        const int gain = 220 + (i * 37) % 72;           // contrast, /256: 0.86 .. 1.14
        const int bias = -18 + (i * 11) % 37;           // exposure
        const int sigma = 3 + i % 5;                    // noise amplitude
        uint64_t rng = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)i * 0xD1B54A32D192ED03ULL);
        for (int y = 0; y < h; ++y) {
            const unsigned char* src = b->px + (size_t)((y + dy) % h) * w * 3;
            unsigned char* dst = px + (size_t)y * w * 3;
            for (int x = 0; x < w; ++x) {
                const int sx = mirror ? (w - 1 - (x + dx) % w) : (x + dx) % w;
                const uint64_t r = next(&rng);
                // Luma-like noise shared by the channels plus a little chroma noise.
                const int n = ((int)(r & 0xff) + (int)((r >> 8) & 0xff) - 255) * sigma / 128;
                for (int k = 0; k < 3; ++k) {
                    const int cn = ((int)((r >> (16 + 8 * k)) & 0xff) - 128) * sigma / 512;
                    int v = (((int)src[sx * 3 + k] - 128) * gain >> 8) + 128 + bias + n + cn;
                    dst[x * 3 + k] = (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
                }
            }
        }
        unsigned char* jpeg = NULL;
        unsigned long size = 0;
        if (tjCompress2(c, px, w, 0, h, TJPF_RGB, &jpeg, &size, TJSAMP_422, 92, 0) != 0) {
            fprintf(stderr, "make_variants: encode %d: %s\n", i, tjGetErrorStr2(c));
            return 1;
        }
        char tmp[4200];
        snprintf(tmp, sizeof tmp, "%s.part", path);
        FILE* f = fopen(tmp, "wb");
        if (!f || fwrite(jpeg, 1, size, f) != size || fclose(f) != 0 || rename(tmp, path) != 0) {
            fprintf(stderr, "make_variants: cannot write %s\n", path);
            return 1;
        }
        tjFree(jpeg);
    }
    return 0;
}
