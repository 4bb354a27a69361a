/*
 * Reference matcher for generate_expectations.py: runs every pattern over every input with
 * PCRE 8.x and the options ModSecurity uses for @rx (PCRE_DOTALL | PCRE_DOLLAR_ENDONLY).
 *
 * Usage: pcre_oracle PATTERNS.hex INPUTS.hex
 * Each file holds one hex-encoded byte string per line. Output, one line per match:
 *   P<TAB>I<TAB>start<TAB>end[<TAB>s,e ...]   (groups 1.. up to the last one set; -1,-1 = unset)
 * or P<TAB>ERR<TAB>message for a pattern that does not compile.
 *
 * Build: gcc -O2 -o pcre_oracle pcre_oracle.c -lpcre   (Debian: libpcre3-dev)
 */
#include <pcre.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unhex(const char *hex, char *out) {
    int n = 0;
    while (hex[0] && hex[1] && hex[0] != '\n') {
        unsigned value;
        sscanf(hex, "%2x", &value);
        out[n++] = (char) value;
        hex += 2;
    }
    return n;
}

static char **read_lines(const char *file, int **lengths, int *count) {
    FILE *fp = fopen(file, "r");
    if (!fp) { perror(file); exit(1); }
    char *line = NULL;
    size_t cap = 0;
    ssize_t read;
    int n = 0, size = 1024;
    char **lines = malloc(size * sizeof(char *));
    *lengths = malloc(size * sizeof(int));
    while ((read = getline(&line, &cap, fp)) > 0) {
        if (n == size) {
            size *= 2;
            lines = realloc(lines, size * sizeof(char *));
            *lengths = realloc(*lengths, size * sizeof(int));
        }
        lines[n] = malloc(read / 2 + 2);
        (*lengths)[n] = unhex(line, lines[n]);
        lines[n][(*lengths)[n]] = 0;
        n++;
    }
    fclose(fp);
    *count = n;
    return lines;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s PATTERNS.hex INPUTS.hex\n", argv[0]); return 2; }
    int pattern_count, input_count;
    int *pattern_lengths, *input_lengths;
    char **patterns = read_lines(argv[1], &pattern_lengths, &pattern_count);
    char **inputs = read_lines(argv[2], &input_lengths, &input_count);
    for (int p = 0; p < pattern_count; p++) {
        const char *error;
        int error_offset;
        pcre *re = pcre_compile(patterns[p], PCRE_DOTALL | PCRE_DOLLAR_ENDONLY, &error, &error_offset, NULL);
        if (!re) { printf("%d\tERR\t%s\n", p, error); continue; }
        for (int i = 0; i < input_count; i++) {
            int ovector[60];
            int rc = pcre_exec(re, NULL, inputs[i], input_lengths[i], 0, 0, ovector, 60);
            if (rc == PCRE_ERROR_NOMATCH) continue;
            if (rc < 0) { printf("%d\t%d\tLIMIT\t%d\n", p, i, rc); continue; }
            printf("%d\t%d\t%d\t%d", p, i, ovector[0], ovector[1]);
            int pairs = rc == 0 ? 20 : rc;
            if (pairs > 10) pairs = 10;
            for (int g = 1; g < pairs; g++) printf("\t%d,%d", ovector[2 * g], ovector[2 * g + 1]);
            printf("\n");
        }
        pcre_free(re);
    }
    return 0;
}
