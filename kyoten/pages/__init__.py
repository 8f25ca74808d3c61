"""The pages of a site as data: one PageSpec per output file (spec), made by build.build_pages from the model. No HTML here."""
