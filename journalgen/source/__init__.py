"""What the person wrote: the files of entries/, each read strictly into an Entry, each body
converted once into Rendered (HTML, plain text, steps, links, headings).

`reader.read_journal()` is the one way in, for build, check, export and new.
"""
