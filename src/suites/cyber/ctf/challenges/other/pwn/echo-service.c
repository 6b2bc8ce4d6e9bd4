/* Echo service: repeats each line back. It keeps the service key on its stack and passes the
 * client's line to printf as the format string. */
#include <stdio.h>
#include <string.h>

int main(void) {
  char key[64];
  char line[160];
  setvbuf(stdout, NULL, _IONBF, 0);
  memset(key, 0, sizeof key);
  FILE *file = fopen("flag.txt", "r");
  if (file == NULL || fgets(key, sizeof key, file) == NULL) {
    puts("echo: no service key");
    return 1;
  }
  fclose(file);
  key[strcspn(key, "\n")] = '\0';
  puts("== Echo service (type 'quit' to leave) ==");
  for (int turn = 0; turn < 200; turn++) {
    printf("> ");
    if (fgets(line, sizeof line, stdin) == NULL) break;
    if (strncmp(line, "quit", 4) == 0) break;
    printf(line);
  }
  puts("bye");
  return 0;
}
