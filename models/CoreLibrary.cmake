# autorac_models_core: the LibTorch-free part of models/ (data readers, search-space description,
# metrics). Included by models/CMakeLists.txt and, when models/ is not built, by the top-level
# CMakeLists.txt (for tests/models' reader and Arch tests and the fuzz targets): one source list.
add_library(autorac_models_core STATIC
  ${CMAKE_CURRENT_LIST_DIR}/data/TextRow.cpp
  ${CMAKE_CURRENT_LIST_DIR}/data/FieldHasher.cpp
  ${CMAKE_CURRENT_LIST_DIR}/data/CriteoReader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/data/AvazuReader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/data/KddReader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/data/SyntheticCtr.cpp
  ${CMAKE_CURRENT_LIST_DIR}/data/CtrSource.cpp
  ${CMAKE_CURRENT_LIST_DIR}/data/SplitFilter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/space/Arch.cpp
  ${CMAKE_CURRENT_LIST_DIR}/space/SearchSpace.cpp
  ${CMAKE_CURRENT_LIST_DIR}/space/NetShape.cpp
  ${CMAKE_CURRENT_LIST_DIR}/data/DelimitedFileReader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/train/Metrics.cpp
)
target_include_directories(autorac_models_core PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(autorac_models_core PUBLIC autorac_traces nlohmann_json::nlohmann_json)  # Arch reads JSON with traces/JsonText
