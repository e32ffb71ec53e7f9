void f(void)
{
    strcpy(a, b); // drvcert-suppress(banned-string-api): the source is a constant
    /* drvcert-suppress(banned-string-api, deprecated-pool-alloc): reviewed */
    strcpy(a, b);
    // drvcert-suppress-begin(banned-string-api): legacy block
    strcpy(a, b);
    // drvcert-suppress-end(banned-string-api)
#pragma warning(suppress: 28719 28751)
    strcpy(a, b);
#pragma prefast(suppress: 28719, "justified")
    strcpy(a, b);
    // drvcert-suppress(no-such-rule): x
    // drvcert-suppress(banned-string-api)
    // drvcert-suppress-begin(banned-string-api): never ended
    const char *s = "// drvcert-suppress(banned-string-api): in a string";
}
