"""WordPress eXtended RSS (WXR): import a WordPress blog, and export this one for WordPress.

parser (streaming reader) → content (WordPress HTML to our body) → importer (two passes, one
transaction) → report (the summary); exporter writes WXR 1.2.
"""
