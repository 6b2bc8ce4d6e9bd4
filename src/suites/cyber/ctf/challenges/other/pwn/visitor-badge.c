/* Visitor badge kiosk: a badge holds a name and a clearance level. The name is read with
 * no bound, so a long name runs into the clearance field next to it in the struct. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define VAULT_CLEARANCE 0x7a11c0deu

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
  FILE *audit = fopen("audit.log", "a");
  if (audit != NULL) {
    fprintf(audit, "%ld vault opened clearance=0x%08x\n", (long)time(NULL), badge->clearance);
    fclose(audit);
  }
  printf("Vault open. %s", flag);
}

int main(void) {
  struct badge badge;
  memset(&badge, 0, sizeof badge);
  setvbuf(stdout, NULL, _IONBF, 0);
  puts("== Visitor badge kiosk ==");
  printf("Your name: ");
  read_name(badge.name);
  printf("Badge for %s, clearance level 0x%08x\n", badge.name, badge.clearance);
  if (badge.clearance == VAULT_CLEARANCE) {
    open_vault(&badge);
  } else if (badge.clearance != 0) {
    puts("Unknown clearance level: the vault needs level 0x7a11c0de.");
  } else {
    puts("Visitors may not open the vault.");
  }
  return 0;
}
