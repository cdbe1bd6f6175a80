"""The site: the theme, typed views of the model, the plan of every page, and rendering a page
into bytes. Nothing here reads entries/ or writes a file."""
