"""CNN Lab's Streamlit shell: navigation, language, session state, cached wrappers, figures.

Pages import from here; nothing in ``cnncore`` imports from here.
"""
