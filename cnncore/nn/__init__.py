"""Networks and their training: model configs and builders (:mod:`~cnncore.nn.models`),
run configs and the Keras training loop (:mod:`~cnncore.nn.training`,
:mod:`~cnncore.nn.callbacks`), what a sweep varies (:mod:`~cnncore.nn.paths`,
:mod:`~cnncore.nn.space`), reading a run (:mod:`~cnncore.nn.verdict`,
:mod:`~cnncore.nn.inspection`) and the device (:mod:`~cnncore.nn.devices`).

Keras is imported only by the functions that build or train a model, and by
:mod:`~cnncore.nn.callbacks`, which those functions import.
"""
