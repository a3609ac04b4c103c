# The installed library and package: libtilde.so and libtilde.a hold the objects of every
# internal library (analysis, format, writer, searcher, C API); find_package(tilde) gives
# tilde::tilde (shared) and tilde::tilde_static, and tilde.pc serves pkg-config.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(TILDE_PARTS tilde_analysis tilde_format tilde_index tilde_search)
set(tilde_objects $<TARGET_OBJECTS:tilde_stopwords_data>)
foreach(part IN LISTS TILDE_PARTS)
  list(APPEND tilde_objects $<TARGET_OBJECTS:${part}>)
endforeach()

add_library(tilde SHARED ${tilde_objects})
add_library(tilde_static STATIC ${tilde_objects})
set_target_properties(tilde PROPERTIES VERSION ${PROJECT_VERSION}
                                       SOVERSION ${PROJECT_VERSION_MAJOR})
set_target_properties(tilde_static PROPERTIES OUTPUT_NAME tilde)
foreach(target tilde tilde_static)
  target_include_directories(${target} INTERFACE
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_compile_features(${target} INTERFACE cxx_std_20)
endforeach()
# The shared library records its own dependencies; the static one hands them to its users.
set(tilde_dependencies tilde_xapian ICU::i18n ICU::uc ICU::io ZLIB::ZLIB LibXml2::LibXml2
                       zstd::libzstd_shared PkgConfig::LTTOOLBOX)
target_link_libraries(tilde PRIVATE ${tilde_dependencies})
target_link_libraries(tilde_static INTERFACE
  "$<BUILD_INTERFACE:${tilde_dependencies}>"
  "$<INSTALL_INTERFACE:xapian;lttoolbox;icui18n;icuio;icuuc;icudata;xml2;z;zstd>")

install(TARGETS tilde tilde_static EXPORT tildeTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS tilde-index tilde-search tilde-serve tilde-bench RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/LICENSE
              ${PROJECT_SOURCE_DIR}/docs/architecture.md ${PROJECT_SOURCE_DIR}/docs/index-format.md
              ${PROJECT_SOURCE_DIR}/docs/query-syntax.md ${PROJECT_SOURCE_DIR}/docs/scaling.md
              ${PROJECT_SOURCE_DIR}/docs/http-api.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/tilde DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_SOURCE_DIR}/stopwords/en.txt ${PROJECT_SOURCE_DIR}/stopwords/es.txt
              ${PROJECT_SOURCE_DIR}/stopwords/synonyms.txt
        DESTINATION ${CMAKE_INSTALL_DATADIR}/tilde/stopwords)

set(tilde_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/tilde)
install(EXPORT tildeTargets NAMESPACE tilde:: DESTINATION ${tilde_cmake_dir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/tildeConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/tildeConfig.cmake
                              INSTALL_DESTINATION ${tilde_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/tildeConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/tildeConfig.cmake ${PROJECT_BINARY_DIR}/tildeConfigVersion.cmake
        DESTINATION ${tilde_cmake_dir})
file(RELATIVE_PATH TILDE_PC_TO_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
configure_file(${PROJECT_SOURCE_DIR}/cmake/tilde.pc.in ${PROJECT_BINARY_DIR}/tilde.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/tilde.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
