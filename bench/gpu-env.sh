# Sourced by bench/run-gpu.sh and bench/run-gpu-memory.sh: the WebGPU adapter for Dawn (the npm `webgpu`
# package) in Node. A Vulkan driver named by the caller (VK_ICD_FILENAMES / VK_DRIVER_FILES) is kept; else an
# NVIDIA driver's ICD file is named when one is installed (also where containers mount it, /usr/local/nvidia);
# else Debian chromium's SwiftShader, a CPU emulation (compare ratios there, not figures).
if [ -z "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ]; then
  for icd in /usr/share/vulkan/icd.d/nvidia*.json /etc/vulkan/icd.d/nvidia*.json \
    /usr/local/nvidia/share/vulkan/icd.d/nvidia*.json; do
    [ -f "$icd" ] || continue
    export VK_ICD_FILENAMES=$icd VK_DRIVER_FILES=$icd
    echo "# GPU driver: $icd"
    break
  done
fi
if [ -z "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ] && [ -f /usr/lib/chromium/vk_swiftshader_icd.json ]; then
  # Dawn finds the Vulkan loader only through LD_LIBRARY_PATH, read at start-up: chromium ships one.
  export VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
  export LD_LIBRARY_PATH=/usr/lib/chromium${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  echo "# no GPU driver named: SwiftShader (software)"
fi
if [ "${LD_LIBRARY_PATH:-}" = "${LD_LIBRARY_PATH#*/usr/lib/chromium}" ] && ! ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1'; then
  echo "# no Vulkan loader (libvulkan.so.1) found: Dawn will find no adapter (install libvulkan1)"
fi
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
