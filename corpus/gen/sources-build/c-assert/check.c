/* check.c: a tiny C program whose assert() puts __FILE__ (the path the compiler was
   given) into .rodata, with or without debug info. */
#include <assert.h>
#include <stdio.h>

static int clamp(int v, int lo, int hi)
{
    assert(lo <= hi);
    return v < lo ? lo : v > hi ? hi : v;
}

int main(int argc, char **argv)
{
    assert(argv[0] != NULL);
    printf("clamped: %d\n", clamp(50, 0, argc * 10));
    return 0;
}
