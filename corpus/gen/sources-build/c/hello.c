/* hello.c: the tiny C program of the whydiff corpus. */
#include <stdio.h>

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
