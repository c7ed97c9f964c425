/**
 * @file Step 58: a famous CNN — VGG16 with the weights DeZero converted from Caffe classifies a photo of a zebra.
 * It downloads the photo and the weights (528 MB) once into the cache, so it needs the network the first time;
 * the graph of the model goes to vgg.png (DeZero writes vgg.pdf). Run: `npx tsx steps/step58.ts`.
 */

import * as dz from "../src/index.js";

const url = "https://github.com/oreilly-japan/deep-learning-from-scratch-3/raw/images/zebra.jpg";
const imgPath = await dz.utils.getFile(url);
const img = await dz.io.loadImage(imgPath);
const x = dz.VGG16.preprocess(img); // (1, 3, 224, 224): DeZero's preprocess, then x[np.newaxis]

const model = await dz.VGG16.create({ pretrained: true });
const y = dz.testMode(() => model.call(x));
const predictId = y.data.argmax().item();

await model.plot(x, { toFile: "vgg.png" });
const labels = await dz.datasets.ImageNet.labels();
console.log(labels[predictId]);
