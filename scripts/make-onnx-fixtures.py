"""Writes the PyTorch-exported ONNX fixtures of test/onnx-import.test.ts (run from the repo root).

    /usr/bin/python3 scripts/make-onnx-fixtures.py

Needs Debian's python3-torch (and python3-onnx to check the files). Makes, with fixed seeds and in eval mode:
  test/fixtures/onnx/torch-mlp.onnx  Linear(6, 16) -> ReLU -> Linear(16, 3)
  test/fixtures/onnx/torch-cnn.onnx  Conv(1, 4, 3, pad 1) -> BatchNorm -> ReLU -> MaxPool 2
                                     -> Conv(4, 8, 3) -> ReLU -> AvgPool 2 -> Flatten -> Linear(8*2*2, 5) -> Softmax
The batch axis is dynamic. Expected outputs are not stored: the test computes them with ONNX Runtime.
"""

import os

import torch
from torch import nn

OUT = os.path.join("test", "fixtures", "onnx")


def mlp():
    return nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 3))


def cnn():
    bn = nn.BatchNorm2d(4)
    return nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1), bn, nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(4, 8, 3), nn.ReLU(), nn.AvgPool2d(2), nn.Flatten(), nn.Linear(8 * 2 * 2, 5), nn.Softmax(dim=1),
    )


def export(model, sample, name):
    model.eval()
    path = os.path.join(OUT, name)
    torch.onnx.export(
        model, sample, path, opset_version=17, input_names=["x"], output_names=["y"],
        dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}},
        # PRESERVE keeps BatchNormalization as a node (EVAL would fold it into the convolution); the
        # model is in eval mode, so the node uses the running statistics (training_mode 0)
        training=torch.onnx.TrainingMode.PRESERVE,
        do_constant_folding=False,
    )
    try:
        import onnx
        onnx.checker.check_model(onnx.load(path), full_check=True)
    except ImportError:
        pass
    print(path, os.path.getsize(path), "bytes")


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    export(mlp(), torch.randn(2, 6), "torch-mlp.onnx")
    torch.manual_seed(1)
    model = cnn()
    # a few training-mode passes give the batch norm non-trivial running statistics
    model.train()
    with torch.no_grad():
        for _ in range(3):
            model(torch.randn(8, 1, 12, 12) * 2 + 0.5)
    export(model, torch.randn(2, 1, 12, 12), "torch-cnn.onnx")


if __name__ == "__main__":
    main()
