"""CNN Lab's engine: the maths, data, models, training, tracking and jobs.

Importing ``cnncore`` is instant: it never imports Streamlit, and TensorFlow/Keras are
imported only inside the modules that build or train models (``models.build_model``,
``training``, ``datasets`` for ``keras.datasets``).
"""

__version__ = "0.1.0"
