/* Job runner: each job has a label and a report callback. The label's length is taken from
 * the client and trusted, so a long label overwrites the callback stored after it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct job {
  char label[48];
  void (*report)(const char *label);
};

static void plain_report(const char *label) { printf("job '%.48s' queued\n", label); }

/* Left over from debugging: never referenced by the menu. */
void maintenance_dump(const char *label) {
  (void)label;
  char flag[128] = {0};
  FILE *file = fopen("flag.txt", "r");
  if (file != NULL && fgets(flag, sizeof flag, file) != NULL) printf("maintenance: %s", flag);
  if (file != NULL) fclose(file);
  FILE *audit = fopen("audit.log", "a");
  if (audit != NULL) {
    fputs("maintenance dump ran\n", audit);
    fclose(audit);
  }
}

static size_t read_exact(char *into, size_t length) {
  size_t got = 0;
  while (got < length) {
    ssize_t n = read(0, into + got, length - got);
    if (n <= 0) break;
    got += (size_t)n;
  }
  return got;
}

int main(void) {
  struct job job;
  char line[32];
  setvbuf(stdout, NULL, _IONBF, 0);
  memset(&job, 0, sizeof job);
  job.report = plain_report;
  puts("== Job runner v0.3 ==");
  printf("Label length: ");
  size_t length = 0;
  size_t at = 0;
  char c;
  while (at + 1 < sizeof line && read(0, &c, 1) == 1 && c != '\n') line[at++] = c;
  line[at] = '\0';
  length = (size_t)strtoul(line, NULL, 10);
  if (length > 64) {
    puts("label too long");
    return 1;
  }
  printf("Label (%zu bytes): ", length);
  read_exact(job.label, length);
  puts("");
  job.report(job.label);
  return 0;
}
