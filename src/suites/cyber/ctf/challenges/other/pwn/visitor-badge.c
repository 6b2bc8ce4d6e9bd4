/* Visitor badge kiosk: a badge holds a name and a clearance level. The name is read with
 * no bound, so a long name runs into the clearance field next to it in the struct. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct badge {
  char name[32];
  uint32_t clearance;
};

static void read_name(char *into) {
  int c;
  while ((c = getchar()) != EOF && c != '\n') *into++ = (char)c;
  *into = '\0';
}

static void open_vault(const struct badge *badge) {
  char flag[128] = {0};
  FILE *file = fopen("flag.txt", "r");
  if (file == NULL || fgets(flag, sizeof flag, file) == NULL) {
    puts("vault error: no flag");
    return;
  }
  fclose(file);
  /* The site's outcome log (one JSON object a line), read by the operators' checks. */
  mkdir("state", 0755);
  FILE *audit = fopen("state/outcomes.jsonl", "a");
  if (audit != NULL) {
    fprintf(audit, "{\"kind\": \"admin_login\", \"detail\": \"vault opened clearance=0x%08x\", \"time\": %ld}\n",
            badge->clearance, (long)time(NULL));
    fclose(audit);
  }
  printf("Vault open. %s", flag);
}

int main(int argc, char **argv) {
  /* The vault's level is set per site by the operator (the service passes it in). */
  uint32_t vault_clearance = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 16) : 0xffffffffu;
  struct badge badge;
  memset(&badge, 0, sizeof badge);
  setvbuf(stdout, NULL, _IONBF, 0);
  puts("== Visitor badge kiosk ==");
  printf("Your name: ");
  read_name(badge.name);
  printf("Badge for %s, clearance level 0x%08x\n", badge.name, badge.clearance);
  if (badge.clearance == vault_clearance) {
    open_vault(&badge);
  } else if (badge.clearance != 0) {
    printf("Clearance refused: the vault needs clearance level 0x%08x.\n", vault_clearance);
  } else {
    puts("Visitors may not open the vault.");
  }
  return 0;
}
