/* hello.c: the tiny C program of the whydiff corpus.
   No #include: the Mach-O pairs cross-compile without an SDK's headers. */
int printf(const char *format, ...);
int puts(const char *s);

#define ANSWER 41

int answer(void)
{
    return ANSWER;
}

int main(void)
{
    printf("answer: %d\n", answer());
    puts("hello from whydiff");
    return 0;
}
