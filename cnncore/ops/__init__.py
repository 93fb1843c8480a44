"""The pure operations the Learn pages show, in NumPy and scikit-image, instant to import:
hand-made kernels (:mod:`~cnncore.ops.kernels`), convolution with stride and padding
(:mod:`~cnncore.ops.convolution`), pooling (:mod:`~cnncore.ops.pooling`), dropout
(:mod:`~cnncore.ops.dropout`) and images (:mod:`~cnncore.ops.images`).
"""
